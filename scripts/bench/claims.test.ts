import { describe, expect, it } from 'vitest';
import { claimsTable } from './claims';

describe('claimsTable', () => {
  it('prints one row per figure, with its unit and how it was read, pipes escaped', () => {
    const table = claimsTable([
      {
        claim: 'lookup',
        method: 'm',
        series: [],
        figures: [
          { label: 'Session: auth stage, median', value: 2.345, unit: 'ms', detail: 'n=20 | p95 3 ms' },
          { label: 'JWT: store round trips per request', value: 0, unit: '' },
        ],
      },
    ]);
    expect(table.split('\n')).toEqual([
      '| claim | figure | value | how it was read |',
      '|---|---|---:|---|',
      '| lookup | Session: auth stage, median | 2.35 ms | n=20 \\| p95 3 ms |',
      '| lookup | JWT: store round trips per request | 0 |  |',
    ]);
  });
});
