import { describe, expect, it } from 'vitest';
import { backoffMs } from './store-status';

describe('backoffMs', () => {
  it('waits Retry-After first, then doubles, never more than 30 s', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffMs(n, 2))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000]);
  });

  it('starts at one second when the server named no wait (or zero)', () => {
    expect(backoffMs(0, undefined)).toBe(1_000);
    expect(backoffMs(0, 0)).toBe(1_000);
  });
});
