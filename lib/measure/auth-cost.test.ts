import { describe, expect, it } from 'vitest';
import { authCostOf, roundTripsIn } from './auth-cost';

describe('authCostOf', () => {
  it('reads a session lookup with its parts and one round trip', () => {
    expect(authCostOf('auth;dur=1.52;desc="session lookup", unseal;dur=0.02;desc="cached", store;dur=1.41;desc="1 round trip"')).toEqual({
      mode: 'session',
      alg: undefined,
      desc: 'session lookup',
      totalMs: 1.52,
      parts: { unseal: 0.02, store: 1.41 },
      unsealCached: true,
      roundTrips: 1,
    });
  });

  it('reads a JWT check: no round trip, or one with the denylist', () => {
    expect(authCostOf('auth;dur=0.31;desc="jwt ES256", verify;dur=0.29')).toMatchObject({
      mode: 'jwt',
      alg: 'ES256',
      parts: { verify: 0.29 },
      roundTrips: 0,
    });
    expect(authCostOf('auth;dur=1.9;desc="jwt EdDSA + denylist", verify;dur=0.3, denylist;dur=1.5;desc="1 round trip"')).toMatchObject({
      mode: 'jwt+denylist',
      alg: 'EdDSA',
      parts: { verify: 0.3, denylist: 1.5 },
      roundTrips: 1,
    });
  });

  it('counts the separate lastSeenAt write of a first sight', () => {
    expect(
      authCostOf('auth;dur=3;desc="session lookup", unseal;dur=1, store;dur=2;desc="2 round trips (lastSeenAt written separately)"')
        ?.roundTrips,
    ).toBe(2);
  });

  it('is undefined for a header without a readable auth metric', () => {
    expect(authCostOf(null)).toBeUndefined();
    expect(authCostOf('db;dur=3')).toBeUndefined();
    expect(authCostOf('auth;desc="jwt ES256"')).toBeUndefined();
    expect(authCostOf('auth;dur=1;desc="something else"')).toBeUndefined();
  });
});

describe('roundTripsIn', () => {
  it('reads the leading count and nothing else', () => {
    expect(roundTripsIn('1 round trip')).toBe(1);
    expect(roundTripsIn('1 round trip, lastSeenAt written')).toBe(1);
    expect(roundTripsIn('2 round trips (lastSeenAt written separately)')).toBe(2);
    expect(roundTripsIn('cached')).toBe(0);
    expect(roundTripsIn(undefined)).toBe(0);
  });
});
