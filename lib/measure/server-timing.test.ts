import { describe, expect, it } from 'vitest';
import { parseServerTiming } from './server-timing';

describe('parseServerTiming', () => {
  it('reads the auth metric of the contract', () => {
    expect(parseServerTiming('auth;dur=0.21;desc="jwt ES256"')).toEqual([
      { name: 'auth', dur: 0.21, desc: 'jwt ES256', params: { dur: '0.21', desc: 'jwt ES256' } },
    ]);
  });

  it('splits several metrics, also when headers were joined by the browser', () => {
    const metrics = parseServerTiming('auth;dur=1.4;desc="session lookup", db;dur=53, cache;desc=hit, total');
    expect(metrics.map((m) => [m.name, m.dur, m.desc])).toEqual([
      ['auth', 1.4, 'session lookup'],
      ['db', 53, undefined],
      ['cache', undefined, 'hit'],
      ['total', undefined, undefined],
    ]);
  });

  it('keeps commas, semicolons and escaped quotes inside a quoted desc', () => {
    const [metric] = parseServerTiming('auth;desc="jwt ES256 + denylist; 1 lookup, \\"fast\\"";dur=2');
    expect(metric).toMatchObject({ name: 'auth', dur: 2, desc: 'jwt ES256 + denylist; 1 lookup, "fast"' });
  });

  it('is case-insensitive for parameter names and keeps the first of a repeated one', () => {
    expect(parseServerTiming('a;DUR=3;dur=9;Desc=x')[0]).toMatchObject({ dur: 3, desc: 'x' });
  });

  it('skips what it cannot read instead of throwing', () => {
    expect(parseServerTiming(null)).toEqual([]);
    expect(parseServerTiming('')).toEqual([]);
    expect(parseServerTiming(' , ;dur=1, "quoted";dur=2, ok;dur=abc')).toEqual([
      { name: 'ok', dur: undefined, desc: undefined, params: { dur: 'abc' } },
    ]);
    expect(parseServerTiming('open;desc="never closed, x;dur=1')).toHaveLength(1);
  });
});
