// F7: an access token carries its refresh family (`sid`); once the family ends (reuse, explicit revoke,
// the per-user cap, sign out everywhere) the denylist check refuses it at once. With the check off it
// lives until `exp`, the documented JWT trade-off.
import type { Redis } from '@upstash/redis';
import { decodeJwt, type JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { parseConfig, type Config } from '../config';
import { AuthError } from '../http/errors';
import { authenticate } from './authenticate';
import { assertNotRevoked, familyEndKey, familyEndTtlMs, revocationOf } from './denylist';
import type { AuthResult } from './identity';
import { issueToken, verifyToken } from './jwt';
import { CLOCK_TOLERANCE } from './jwt-profile';
import { generatePrivateJwk, getKeyRing, resetKeyRingCache } from './keys';
import { enforceFamilyCap, revokeAllFamilies, revokeFamily, rotate, startFamily, type IssuedRefresh } from './refresh';
import { resetSettingsCache, setDenylistEnabled } from './settings';
import { signOutEverywhere } from './sign-out-everywhere';
import { tokenResponse } from './token-http';
import type { User } from './users';

const PASSWORD = 'p'.repeat(32);
/** No grace: a second use of a rotated refresh token is reuse at once. */
const LIFETIMES = { refreshTokenTtl: 600, accessTokenTtl: 300, refreshReuseGrace: 0, refreshAbsoluteTtl: 3_600 };

let T = Date.now();
const clock: Clock = { now: () => T };
let store: Awaited<ReturnType<typeof startTestStore>>;
let config: Config;

let users = 0;
const freshUser = (): User => ({
  id: `u_f7_${++users}_${Math.random().toString(36).slice(2, 8)}`,
  username: `f7user${users}`,
  role: 'member',
});

beforeAll(async () => {
  store = await startTestStore();
  const signingKey: JWK = await generatePrivateJwk('ES256');
  const env = {
    SESSION_PASSWORD: PASSWORD,
    JWT_ALG: 'ES256',
    JWT_KEYS: JSON.stringify({ keys: [signingKey] }),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: store.token,
    JWT_VERIFY_CACHE: 'on',
  };
  // tokenResponse (the route's own minting) finds the store and key ring through the process config:
  // this file's worker points it at the test store.
  Object.assign(process.env, env);
  config = parseConfig(env);
});
afterAll(async () => {
  await store.close();
});
beforeEach(async () => {
  // Real time: tokenResponse signs by the wall clock, authenticate judges by this one.
  T = Date.now();
  await store.redis.flushdb();
  resetKeyRingCache();
  resetSettingsCache();
  // The ring, read through the test store once; tokenResponse then signs with the same cached ring.
  await getKeyRing(config, { clock, redis: store.redis });
});

const opts = () => ({ clock, redis: store.redis });
const denylist = (on: boolean) => setDenylistEnabled(on, opts());
const bearer = (token: string) => new Request('http://authlab.test/api/me', { headers: { Authorization: `Bearer ${token}` } });
const auth = (token: string) => authenticate(bearer(token), { config, clock, redis: store.redis });

function refused(result: AuthResult): Extract<AuthResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.identity)}`);
  return result;
}
function accepted(result: AuthResult): Extract<AuthResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a success, got ${result.error.code}: ${result.error.message}`);
  return result;
}

/** The access token the token endpoint answers with for this family: the real minting path. */
async function accessTokenOf(user: User, refresh: IssuedRefresh): Promise<string> {
  const response = await tokenResponse(new Request('http://authlab.test/api/token', { method: 'POST' }), config, user, refresh);
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error('no access_token in the token response');
  return body.access_token;
}

/** A JWT sign-in: its family and the access token it answered with. */
async function signIn(user: User, lifetimes = LIFETIMES) {
  const refresh = await startFamily(user, lifetimes, opts());
  return { refresh, token: await accessTokenOf(user, refresh) };
}

/** Refused as an ended family's token: 401 invalid_token with the bearer challenge of a revoked token. */
function expectFamilyEnded(result: AuthResult): void {
  const { error } = refused(result);
  expect(error.code).toBe('invalid_token');
  expect(error.status).toBe(401);
  expect(error.message).toBe('The bearer token is not valid: the sign-in it was issued from has ended (its refresh family was revoked).');
  expect(error.headers['WWW-Authenticate']).toBe('Bearer error="invalid_token", error_description="The token has been revoked"');
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AuthError ? e.code : String(e)),
  );

describe('the sid claim', () => {
  it('carries the refresh family in the tokens the token endpoint mints, and verification reads it', async () => {
    const user = freshUser();
    const { refresh, token } = await signIn(user);
    expect(decodeJwt(token).sid).toBe(refresh.family);
    const { identity } = await verifyToken(token, { ring: await getKeyRing(config, opts()), config, clock });
    expect(identity.token?.sid).toBe(refresh.family);
    // A rotation's token names the same family.
    const { refresh: next } = await rotate(refresh.token, LIFETIMES, opts());
    expect(decodeJwt(await accessTokenOf(user, next)).sid).toBe(refresh.family);
  });

  it('is absent from tokens outside a family (the hybrid internal token, direct issues)', async () => {
    const ring = await getKeyRing(config, opts());
    for (const kind of ['access', 'internal'] as const) {
      const issued = await issueToken(freshUser(), { ring, config, ttl: 60, kind, clock });
      expect(decodeJwt(issued.token)).not.toHaveProperty('sid');
      const { identity } = await verifyToken(issued.token, { ring, config, kind, clock });
      expect(identity.token).not.toHaveProperty('sid');
    }
  });

  it('is refused as invalid_token when malformed, whatever the denylist setting (e)', async () => {
    const ring = await getKeyRing(config, opts());
    const user = freshUser();
    for (const on of [true, false]) {
      await denylist(on);
      for (const sid of ['', 'short', 'a'.repeat(17), 'abcdefgh/jklmno+', 'abcdefghijklmno=', 'abcdefghijklmn\u00e9', ' abcdefghijklmno']) {
        const issued = await issueToken(user, { ring, config, ttl: 60, clock, extra: { sid } });
        const { error } = refused(await auth(issued.token));
        expect(error.code, JSON.stringify(sid)).toBe('invalid_token');
        expect(error.message).toBe('The bearer token is not valid: its "sid" claim is malformed.');
        expect(error.headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
      }
    }
  });
});

describe('an ended refresh family', () => {
  it('reuse: the earlier access tokens of the family are refused with the denylist on, accepted with it off (a, c)', async () => {
    const user = freshUser();
    const stolen = await signIn(user);
    const other = await signIn(user);
    const { refresh: next } = await rotate(stolen.refresh.token, LIFETIMES, opts());
    const newest = await accessTokenOf(user, next);
    await denylist(true);
    accepted(await auth(stolen.token));
    // The rotated token used again: theft signal, the family ends.
    const reuse = rotate(stolen.refresh.token, LIFETIMES, opts()).catch((e: unknown) => e);
    const error = await reuse;
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('refresh_token_reused');
    // The message promises no more than holds in either setting.
    expect((error as AuthError).message).toBe(
      'A refresh token was used twice, which signals theft: this sign-in has ended, its refresh tokens at once, ' +
        'its access tokens at once while the denylist check is on, else at their expiry; sign in again.',
    );
    expectFamilyEnded(await auth(stolen.token));
    expectFamilyEnded(await auth(newest));
    // The same user's other sign-in is a different family: untouched.
    accepted(await auth(other.token));
    expect(await codeOf(rotate(other.refresh.token, LIFETIMES, opts()))).toBe('resolved');
    // Off: the documented trade-off, access tokens live until exp.
    await denylist(false);
    accepted(await auth(stolen.token));
    accepted(await auth(newest));
  });

  it('reuse found by the revoke route (a rotated token asking to sign out everywhere) ends the family the same way', async () => {
    const user = freshUser();
    const { refresh, token } = await signIn(user);
    await rotate(refresh.token, LIFETIMES, opts());
    await revokeFamily(refresh.family, 'reuse', opts());
    await denylist(true);
    expectFamilyEnded(await auth(token));
  });

  it('explicit revoke: refused with the denylist on, accepted with it off; another family of the user keeps working (b, c)', async () => {
    const user = freshUser();
    const revoked = await signIn(user);
    const other = await signIn(user);
    await revokeFamily(revoked.refresh.family, 'revoked', opts());
    await denylist(true);
    expectFamilyEnded(await auth(revoked.token));
    accepted(await auth(other.token));
    await denylist(false);
    accepted(await auth(revoked.token));
  });

  it('refuses a token this process verified (and cached) before the family ended', async () => {
    const user = freshUser();
    const { refresh, token } = await signIn(user);
    await denylist(true);
    accepted(await auth(token));
    const again = accepted(await auth(token));
    expect((again.timing.parts ?? []).map((p) => p.desc)).toContain('signature verified earlier; key and exp checked');
    await revokeFamily(refresh.family, 'revoked', opts());
    expectFamilyEnded(await auth(token));
  });

  it('the family cap: the families it ends lose their access tokens with the denylist on, the kept ones keep theirs (b, c)', async () => {
    const user = freshUser();
    // The least recently used family ends first: the one whose newest refresh token expires soonest.
    const oldest = await signIn(user, { ...LIFETIMES, refreshTokenTtl: 100 });
    const kept = [await signIn(user), await signIn(user)];
    expect(await enforceFamilyCap(user.id, 2, opts())).toBe(1);
    await denylist(true);
    expectFamilyEnded(await auth(oldest.token));
    for (const k of kept) accepted(await auth(k.token));
    await denylist(false);
    accepted(await auth(oldest.token));
  });

  it('sign out everywhere writes the family end too; the user cut-off (checked first) names the reason', async () => {
    const user = freshUser();
    const { refresh, token } = await signIn(user);
    expect(await revokeAllFamilies(user.id, opts())).toBe(1);
    expect(await store.redis.get(familyEndKey(refresh.family))).toBe('signed_out_everywhere');
    await denylist(true);
    // Without the cut-off (revokeAllFamilies alone), the family end still refuses the token.
    expectFamilyEnded(await auth(token));
    // The whole sign-out (cut-off first, then the families): the cut-off's reason is the one given.
    const later = await signIn(user);
    T += 1_000;
    await signOutEverywhere(user.id, config, opts());
    expect(await store.redis.get(familyEndKey(later.refresh.family))).toBe('signed_out_everywhere');
    expect(refused(await auth(later.token)).error.message).toBe(
      'The bearer token is not valid: its user signed out everywhere after it was issued.',
    );
  });

  it('is refused by introspection and the lab tools (assertNotRevoked) whatever the denylist setting', async () => {
    const user = freshUser();
    const { refresh, token } = await signIn(user);
    const { identity } = await verifyToken(token, { ring: await getKeyRing(config, opts()), config, clock });
    await denylist(false);
    await expect(assertNotRevoked(config.issuer, identity, store.redis)).resolves.toBeUndefined();
    await revokeFamily(refresh.family, 'revoked', opts());
    const error = await assertNotRevoked(config.issuer, identity, store.redis).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain('its refresh family was revoked');
  });
});

/** The store client, recording every command it is asked for (each is one HTTP round trip). */
function recording(redis: Redis): { redis: Redis; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(redis, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { redis: proxy, calls };
}

describe('the denylist check', () => {
  it('stays one store round trip, the family end key in the same MGET as the jti and the cut-off (d)', async () => {
    const user = freshUser();
    const { refresh, token } = await signIn(user);
    const { identity } = await verifyToken(token, { ring: await getKeyRing(config, opts()), config, clock });
    const subject = { jti: identity.token?.jti ?? '', userId: user.id, issuedAtMs: T, sid: refresh.family };
    const live = recording(store.redis);
    expect(await revocationOf(config.issuer, subject, live.redis)).toBeUndefined();
    expect(live.calls).toEqual(['mget']);
    await revokeFamily(refresh.family, 'revoked', opts());
    const ended = recording(store.redis);
    expect(await revocationOf(config.issuer, subject, ended.redis)).toBe('family_ended');
    expect(ended.calls).toEqual(['mget']);
    // And through authenticate: the setting is cached, the check is the one round trip the timing names.
    await denylist(true);
    const viaAuth = recording(store.redis);
    const result = refused(await authenticate(bearer(token), { config, clock, redis: viaAuth.redis }));
    expect(viaAuth.calls).toEqual(['mget']);
    expect((result.timing?.parts ?? []).map((p) => [p.name, p.desc])).toContainEqual(['denylist', '1 round trip']);
  });
});

describe('the family end key', () => {
  it('outlives every access token of the family: no earlier than exp + the clock tolerance (f)', async () => {
    for (const accessTokenTtl of [6, 20, 300, 900]) {
      expect(familyEndTtlMs(accessTokenTtl)).toBeGreaterThanOrEqual((accessTokenTtl + CLOCK_TOLERANCE) * 1000);
    }
    const ends: Array<[string, (family: string, userId: string) => Promise<unknown>]> = [
      ['reuse', (family) => revokeFamily(family, 'reuse', opts())],
      ['revoked', (family) => revokeFamily(family, 'revoked', opts())],
      ['signed out everywhere', (_family, userId) => revokeAllFamilies(userId, opts())],
      ['the cap', (_family, userId) => enforceFamilyCap(userId, 0, opts())],
    ];
    for (const [label, end] of ends) {
      const user = freshUser();
      const { refresh, token } = await signIn(user, { ...LIFETIMES, accessTokenTtl: 900 });
      const { exp } = decodeJwt(token);
      await end(refresh.family, user.id);
      // PTTL counts from the store's clock (the wall clock); so do the token's iat and exp.
      const pttl = await store.redis.pttl(familyEndKey(refresh.family));
      const lastAcceptedMs = ((exp ?? 0) + CLOCK_TOLERANCE) * 1000;
      expect(Date.now() + pttl, label).toBeGreaterThanOrEqual(lastAcceptedMs);
    }
  });
});
