import { describe, expect, it } from 'vitest';
import {
  bytesReading,
  costHistogram,
  costReading,
  denylistReading,
  denylistRows,
  measuredOnly,
  summarizeModes,
  tripsReading,
  type Sample,
} from './results';

const session = (totalMs: number, roundTrips = 1): Sample => ({
  mode: 'session',
  totalMs,
  parts: { unseal: 0.02, store: totalMs - 0.02 },
  roundTrips,
  unsealCached: true,
});
const jwt = (totalMs: number): Sample => ({ mode: 'jwt', totalMs, parts: { verify: totalMs }, roundTrips: 0, unsealCached: false });
const deny = (totalMs: number): Sample => ({
  mode: 'jwt+denylist',
  totalMs,
  parts: { verify: 0.3, denylist: totalMs - 0.3 },
  roundTrips: 1,
  unsealCached: false,
});

describe('summarizeModes', () => {
  it('summarizes each mode that has samples, in the page order, with part medians and round trips', () => {
    const summaries = summarizeModes([jwt(0.3), session(1.5), jwt(0.5), session(2.5, 2), deny(1.3)]);
    expect(summaries.map((s) => s.mode)).toEqual(['session', 'jwt', 'jwt+denylist']);
    const [s, j] = summaries;
    expect(s).toMatchObject({ samples: 2, roundTrips: { mean: 1.5, max: 2 } });
    expect(s?.auth.median).toBe(2);
    expect(s?.parts.store).toBeCloseTo(1.98);
    expect(j?.parts).toEqual({ verify: 0.4 });
    expect(j?.roundTrips).toEqual({ mean: 0, max: 0 });
  });

  it('leaves out modes the page does not chart', () => {
    expect(measuredOnly([{ mode: 'internal' as const }, { mode: 'jwt' as const }])).toEqual([{ mode: 'jwt' }]);
  });
});

describe('costHistogram', () => {
  it('shares one axis between modes and gives each mode its percentages', () => {
    const rows = costHistogram([session(1), session(1), session(3), jwt(0.2), jwt(0.2)], 4);
    expect(rows).toHaveLength(4);
    const total = (mode: 'session' | 'jwt') => rows.reduce((sum, r) => sum + (r[mode] ?? 0), 0);
    expect(total('session')).toBeCloseTo(100);
    expect(total('jwt')).toBeCloseTo(100);
    expect(rows[0]?.jwt).toBe(100);
    expect(rows[0]?.bin).toMatch(/^0\.0–/);
  });

  it('is empty without samples', () => {
    expect(costHistogram([])).toEqual([]);
  });
});

describe('readings', () => {
  it('compares the session check with the JWT check', () => {
    expect(costReading(summarizeModes([session(2), jwt(0.4)]))).toBe(
      'A session check took 2.0 ms (median; p95 2.0 ms): 5.0× the JWT check, 0.40 ms (p95 0.40 ms).',
    );
    expect(costReading([])).toMatch(/^Run a measurement/);
  });

  it('says how the credential sizes compare and names the cookie limit', () => {
    expect(bytesReading(290, 580)).toBe(
      "Each JWT request sends a 580-byte Authorization header, 2.0× the cookie's 290 bytes; both are far under the 4096-byte cookie limit.",
    );
    expect(bytesReading(70, 580, 'header')).toBe(
      "Each JWT request sends a 580-byte Authorization header, 8.3× the session id header's 70 bytes; both are far under the 4096-byte cookie limit.",
    );
    expect(bytesReading(undefined, 580)).toMatch(/^Run a measurement/);
  });

  it('counts round trips per mode', () => {
    expect(tripsReading(summarizeModes([session(2), jwt(0.4), deny(1.5)]))).toBe(
      'Store round trips per request: Session 1, JWT 0, JWT + denylist 1. The session and the denylist pay one lookup each; a plain JWT pays none.',
    );
  });

  it('reads the denylist effect only when it was measured', () => {
    const summaries = summarizeModes([session(2), jwt(0.4), deny(1.5)]);
    expect(denylistReading(summaries)).toBe(
      "With the denylist on, a JWT check goes from 0.40 ms to 1.5 ms; its store lookup is 1.2 ms (median), while the session's own lookup took 2.0 ms: revocation brings the lookup back.",
    );
    expect(denylistReading(summarizeModes([session(2), jwt(0.4)]))).toBeUndefined();
    expect(denylistRows(summaries)).toEqual([
      { label: 'Session', check: 0.02, lookup: 1.98 },
      { label: 'JWT', check: 0.4, lookup: 0 },
      { label: 'JWT + denylist', check: 0.3, lookup: 1.2 },
    ]);
  });
});
