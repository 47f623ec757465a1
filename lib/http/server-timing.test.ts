import { afterEach, describe, expect, it, vi } from 'vitest';
import { Laps, serverTiming } from './server-timing';

/** performance.now() reads these values in turn, so each lap's length is set, not measured. */
function nowReads(...values: number[]) {
  const spy = vi.spyOn(performance, 'now');
  for (const v of values) spy.mockReturnValueOnce(v);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Laps', () => {
  it('records the time since the previous lap, and leaves a skipped stretch out of every part', () => {
    nowReads(10, 10.5, 12, 15, 15.25);
    const laps = new Laps(); // 10
    laps.lap('unseal', 'cached'); // 10.5
    laps.skip(); // 12: 1.5 ms counted in no part
    laps.lap('store'); // 15
    laps.lap('verify', ''); // 15.25: an empty desc is left out
    expect(laps.parts).toEqual([
      { name: 'unseal', durMs: 0.5, desc: 'cached' },
      { name: 'store', durMs: 3 },
      { name: 'verify', durMs: 0.25 },
    ]);
  });
});

describe('serverTiming', () => {
  it('puts the total first with what was checked, then each part with its own desc', () => {
    expect(
      serverTiming({
        desc: 'jwt ES256 + denylist',
        durMs: 1.234,
        parts: [
          { name: 'verify', durMs: 0.2 },
          { name: 'denylist', durMs: 1.004, desc: '1 round trip' },
        ],
      }),
    ).toBe('auth;dur=1.23;desc="jwt ES256 + denylist", verify;dur=0.20, denylist;dur=1.00;desc="1 round trip"');
  });

  it('is the total alone when there are no parts', () => {
    expect(serverTiming({ desc: 'session lookup', durMs: 0 })).toBe('auth;dur=0.00;desc="session lookup"');
    expect(serverTiming({ desc: 'session lookup', durMs: 2, parts: [] })).toBe('auth;dur=2.00;desc="session lookup"');
  });
});
