import { describe, expect, it } from 'vitest';
import { summarize } from '../../lib/measure/stats';
import { evaluateTargets, type AuthProbe, type RowResult } from './targets';

const probe = (auth: number, parts: Record<string, number>, trips: number): AuthProbe => ({
  samples: 1,
  auth: summarize([auth]),
  parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summarize([v])])),
  roundTrips: { mean: trips, max: trips },
  credentialBytes: 300,
});
const row = (id: RowResult['id'], rps: number, p?: AuthProbe): RowResult => ({
  id,
  rps,
  latency: summarize([1]),
  ...(p ? { probe: p } : {}),
});

describe('evaluateTargets', () => {
  it('judges throughput against the pass-through route and medians against their limits', () => {
    const targets = evaluateTargets(
      [
        row('untouched', 1300),
        row('pass-through', 1000),
        row('peer-me-mw', 300),
        row('jwt-hs256', 950, probe(0.05, { verify: 0.01 }, 0)),
        row('jwt-es256', 890, probe(0.05, { verify: 0.01 }, 0)),
        row('jwt-eddsa', 920, probe(0.05, { verify: 0.01 }, 0)),
        // The verify medians come from these rows: a cached check says nothing about the signature's cost.
        row('jwt-hs256-nocache', 500, probe(0.2, { verify: 0.15 }, 0)),
        row('jwt-es256-nocache', 501, probe(0.4, { verify: 0.35 }, 0)),
        row('jwt-eddsa-nocache', 500, probe(0.6, { verify: 0.55 }, 0)),
        row('jwt-es256-denylist', 600, probe(1.6, { verify: 0.35, denylist: 1.2 }, 1)),
        row('session', 620, probe(1.5, { unseal: 0.02, store: 1.4 }, 1)),
      ],
      140 * 1024,
      150 * 1024,
    );
    expect(targets.map((t) => [t.ok, t.value])).toEqual([
      // × Auth.js: full verify, as shipped, session.
      [false, '1.67×'],
      [true, '2.97×'],
      [true, '2.07×'],
      // × pass-through: HS256, ES256, EdDSA, session; then pass-through × untouched.
      [true, '0.95×'],
      [false, '0.89×'],
      [true, '0.92×'],
      [true, '0.62×'],
      [false, '0.77×'],
      [true, '1.200 ms vs 1.500 ms, 1.00 vs 1.00 round trips'],
      [true, '0.150 ms'],
      [true, '0.350 ms'],
      [false, '0.550 ms'],
      [true, '1.500 ms'],
      [true, 'session max 1, JWT max 0'],
      [true, '140.0 kB'],
    ]);
  });

  it('lets the denylist land within 10% of the session lookup, never above it in round trips', () => {
    const judge = (denylistMs: number, trips: number) =>
      evaluateTargets(
        [
          row('jwt-es256-denylist', 600, probe(denylistMs + 0.1, { verify: 0.02, denylist: denylistMs }, trips)),
          row('session', 520, probe(2, { store: 1.9 }, 1)),
        ],
        undefined,
        150 * 1024,
      ).find((t) => t.text.startsWith('The denylist'))?.ok;
    expect(judge(2.2, 1)).toBe(true);
    expect(judge(2.21, 1)).toBe(false);
    expect(judge(1.0, 2)).toBe(false);
  });

  it('calls a target unknown when its row was not measured', () => {
    const targets = evaluateTargets([], undefined, 150 * 1024);
    expect(targets.every((t) => t.ok === undefined)).toBe(true);
  });
});
