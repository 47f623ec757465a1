import type { Redis } from '@upstash/redis';
import { sealData } from 'iron-session';
import { type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { parseConfig, type Config } from '../config';
import { randomId } from '../http/ids';
import type { AuthTiming } from '../http/server-timing';
import { createStoreClient } from '../store/client';
import { authenticate, type AuthenticateOptions } from './authenticate';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { denyToken } from './denylist';
import { cutoffKey } from './revocation';
import type { AuthResult } from './identity';
import { issueToken } from './jwt';
import type { TokenKind } from './jwt-profile';
import { generatePrivateJwk, getKeyRing, resetKeyRingCache } from './keys';
import { createSession, endSessionByCookie, resetKnownSessions, revokeAllSessions, touchInterval, SESSION_COOKIE } from './session';
import { resetSettingsCache, setDenylistEnabled } from './settings';
import type { User } from './users';

const alice: User = { id: DEMO_ACCOUNTS.alice.id, username: DEMO_ACCOUNTS.alice.username, role: DEMO_ACCOUNTS.alice.role };
const bob: User = { id: DEMO_ACCOUNTS.bob.id, username: DEMO_ACCOUNTS.bob.username, role: DEMO_ACCOUNTS.bob.role };
const PASSWORD = 'p'.repeat(32);
/** Sessions of these tests: a minute of idleness, five minutes in all. */
const LIFETIMES = { idleTtl: 60, absoluteTtl: 300 };

let T = Date.now();
const clock: Clock = { now: () => T };

let store: Awaited<ReturnType<typeof startTestStore>>;
let signingKey: JWK;
/** A client for a store that refuses every connection: an outage. */
let down: Redis;

beforeAll(async () => {
  store = await startTestStore();
  signingKey = await generatePrivateJwk('ES256');
  down = createStoreClient({ url: 'http://127.0.0.1:1', token: store.token, timeoutMs: 200 });
});
afterAll(async () => {
  await store.close();
});
beforeEach(async () => {
  // Real time, so the seals iron-session dates by the wall clock agree with this clock.
  T = Date.now();
  await store.redis.flushdb();
  resetKeyRingCache();
  resetSettingsCache();
  resetKnownSessions();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function configWith(env: Record<string, string> = {}): Config {
  return parseConfig({
    SESSION_PASSWORD: PASSWORD,
    JWT_ALG: 'ES256',
    JWT_KEYS: JSON.stringify({ keys: [signingKey] }),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: store.token,
    ...env,
  });
}

const request = (headers: Record<string, string> = {}) => new Request('http://authlab.test/api/me', { headers });
const bearer = (token: string, extra: Record<string, string> = {}) => request({ Authorization: `Bearer ${token}`, ...extra });
const withCookie = (value: string, extra: Record<string, string> = {}) => request({ Cookie: `${SESSION_COOKIE}=${value}`, ...extra });

/** authenticate() with this file's clock and store, unless a test says otherwise. */
const auth = (req: Request, config: Config, options: Partial<AuthenticateOptions> = {}) =>
  authenticate(req, { config, clock, redis: store.redis, ...options });

async function issue(config: Config, options: { user?: User; kind?: TokenKind; ttl?: number } = {}) {
  const ring = await getKeyRing(config, { clock, redis: store.redis });
  return issueToken(options.user ?? alice, { ring, config, ttl: options.ttl ?? 60, kind: options.kind ?? 'access', clock });
}

async function signIn(user: User = alice, lifetimes = LIFETIMES) {
  return createSession(user, { sessionPassword: PASSWORD, ...lifetimes }, { userAgent: 'test', clock, redis: store.redis });
}

/** The test store with its SET replaced: to hold a write back, or to make it fail. */
function storeWithSet(set: (real: (...args: unknown[]) => Promise<unknown>, args: unknown[]) => Promise<unknown>): Redis {
  const real = store.redis.set.bind(store.redis) as (...args: unknown[]) => Promise<unknown>;
  return new Proxy(store.redis, {
    get(target, property) {
      if (property === 'set') return (...args: unknown[]) => set(real, args);
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The test store with its SETs held until `open()`: shows whether an answer waited for the write. */
function heldWrites() {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = 0;
  const redis = storeWithSet(async (real, args) => {
    held++;
    await gate;
    return real(...args);
  });
  return { redis, open: () => release(), held: () => held };
}

type Refusal = Extract<AuthResult, { ok: false }>;
function refused(result: AuthResult): Refusal {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.identity)}`);
  return result;
}
function accepted<R extends AuthResult>(result: R): Extract<R, { ok: true }> {
  if (!result.ok) throw new Error(`expected a success, got ${result.error.code}: ${result.error.message}`);
  return result as Extract<R, { ok: true }>;
}

/** The parts of a timing as [name, desc] pairs, and the total covering them. */
function shape(timing: AuthTiming | undefined) {
  const parts = timing?.parts ?? [];
  const sum = parts.reduce((total, p) => total + p.durMs, 0);
  expect(timing?.durMs).toBeGreaterThanOrEqual(sum);
  return { desc: timing?.desc, parts: parts.map((p) => [p.name, p.desc]) };
}

describe('a bearer token', () => {
  it('is verified into a jwt identity, with its check in the timing', async () => {
    const config = configWith({ JWT_VERIFY_CACHE: 'off' });
    const { token, jti } = await issue(config);
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const result = accepted(await auth(request({ Authorization: `${scheme} ${token}` }), config));
      expect(result.identity.user).toEqual(alice);
      expect(result.identity.mode).toBe('jwt');
      expect(result.identity.token).toMatchObject({ jti, alg: 'ES256', kid: signingKey.kid, audience: 'authlab-api' });
      expect(result.session).toBeUndefined();
      expect(shape(result.timing)).toEqual({ desc: 'jwt ES256', parts: [['verify', 'signature and claims']] });
    }
  });

  it('verified once, skips the signature check the next time when the cache is on, and says so', async () => {
    const config = configWith({ JWT_VERIFY_CACHE: 'on' });
    const { token } = await issue(config);
    const first = accepted(await auth(bearer(token), config));
    T += 1_000;
    const second = accepted(await auth(bearer(token), config));
    expect(shape(first.timing).parts).toEqual([['verify', 'signature and claims']]);
    expect(shape(second.timing).parts).toEqual([['verify', 'signature verified earlier; key and exp checked']]);
    expect(second.identity).toEqual(first.identity);
  });

  it('is refused once expired, as token_expired with a bearer challenge, cached or not', async () => {
    for (const cache of ['on', 'off']) {
      const config = configWith({ JWT_VERIFY_CACHE: cache });
      const { token } = await issue(config, { ttl: 60 });
      accepted(await auth(bearer(token), config));
      T += 66_000; // past exp and the 5 s tolerance
      const result = refused(await auth(bearer(token), config));
      expect(result.error.code).toBe('token_expired');
      expect(result.error.status).toBe(401);
      expect(result.error.headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
      expect(result.clearCookie).toBe(false);
      expect(shape(result.timing).desc).toBe('jwt ES256');
    }
  });

  it('refuses a malformed Authorization header or token as invalid_token', async () => {
    const config = configWith();
    const { token } = await issue(config);
    const headers = [
      'Bearer',
      'Bearer ',
      'bearer \t ',
      'Bearer not-a-jwt',
      `Bearer ${token.slice(0, -3)}`,
      `Bearer ${token}x`,
      // One spelling of the header: one space, nothing after the token.
      `Bearer  ${token}`,
      `Bearer\t${token}`,
      `Bearer ${token} x`,
      `Bearer ${token}=`,
      `Bearer "${token}"`,
    ];
    for (const authorization of headers) {
      const result = refused(await auth(request({ Authorization: authorization }), config));
      expect(result.error.code, authorization).toBe('invalid_token');
      expect(result.error.headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
      expect(result.clearCookie).toBe(false);
    }
    // An empty token is refused before the key ring is even looked at: no timing.
    expect(refused(await auth(request({ Authorization: 'Bearer ' }), config)).timing).toBeUndefined();
  });

  it('refuses a token too large to be real before parsing it', async () => {
    const config = configWith();
    const result = refused(await auth(bearer(`${'a'.repeat(4096)}.b.c`), config));
    expect(result.error.message).toContain('too large');
  });

  it('leaves another scheme alone: the request is judged by its cookie, or as not signed in', async () => {
    const config = configWith();
    const { cookieValue } = await signIn(bob);
    const basic = { Authorization: 'Basic YWxpY2U6d29uZGVybGFuZA==' };
    const withSession = accepted(await auth(withCookie(cookieValue, basic), config));
    expect(withSession.identity).toMatchObject({ user: bob, mode: 'session' });
    const without = refused(await auth(request(basic), config));
    expect(without.error.code).toBe('unauthenticated');
    expect(without.error.message).toBe('Sign in first: send a session cookie or a bearer token.');
  });

  it('wins over a session cookie sent along', async () => {
    const config = configWith();
    const { cookieValue } = await signIn(alice);
    const { token } = await issue(config, { user: bob });
    const result = accepted(await auth(bearer(token, { Cookie: `${SESSION_COOKIE}=${cookieValue}` }), config));
    expect(result.identity).toMatchObject({ user: bob, mode: 'jwt' });
    expect(result.session).toBeUndefined();
  });

  it('that is bad never falls back to a good cookie, and leaves that cookie alone', async () => {
    const config = configWith();
    const { cookieValue } = await signIn(alice);
    const { token: expiring } = await issue(config, { ttl: 1 });
    const cookie = { Cookie: `${SESSION_COOKIE}=${cookieValue}` };
    const bad = [request({ Authorization: 'Bearer ', ...cookie }), bearer('x.y.z', cookie)];
    T += 7_000;
    bad.push(bearer(expiring, cookie));
    for (const req of bad) {
      const result = refused(await auth(req, config));
      expect(['invalid_token', 'token_expired']).toContain(result.error.code);
      expect(result.clearCookie).toBe(false);
    }
    // The cookie still works on its own.
    accepted(await auth(withCookie(cookieValue), config));
  });
});

describe('the internal kind', () => {
  it('accepts the hybrid internal token as an internal identity', async () => {
    const config = configWith();
    const { token } = await issue(config, { kind: 'internal' });
    const result = accepted(await auth(bearer(token), config, { kind: 'internal' }));
    expect(result.identity).toMatchObject({ user: alice, mode: 'internal', token: { audience: 'authlab-internal' } });
  });

  it('refuses a public access token, and the public routes refuse the internal token', async () => {
    const config = configWith();
    const access = await issue(config);
    const internal = await issue(config, { kind: 'internal' });
    expect(refused(await auth(bearer(access.token), config, { kind: 'internal' })).error.code).toBe('invalid_token');
    expect(refused(await auth(bearer(internal.token), config)).error.code).toBe('invalid_token');
  });

  it('refuses a session cookie, valid as it is, and keeps it', async () => {
    const config = configWith();
    const { cookieValue } = await signIn();
    const result = refused(await auth(withCookie(cookieValue), config, { kind: 'internal' }));
    expect(result.error.code).toBe('unauthenticated');
    expect(result.error.message).toBe('This internal route accepts only the hybrid internal token as a bearer token.');
    expect(result.error.headers['WWW-Authenticate']).toBe('Bearer');
    expect(result.clearCookie).toBe(false);
  });

  it('is refused once revoked or signed out everywhere, wherever the denylist is on (#15)', async () => {
    const on = configWith({ JWT_DENYLIST: 'on' });
    const denied = await issue(on, { kind: 'internal' });
    await denyToken(on.issuer, denied.jti, denied.expiresAt, { clock, redis: store.redis });
    expect(refused(await auth(bearer(denied.token), on, { kind: 'internal' })).error.code).toBe('invalid_token');
    const older = await issue(on, { kind: 'internal', user: bob });
    await store.redis.set(cutoffKey(bob.id), String(T), { px: 300_000 });
    expect(refused(await auth(bearer(older.token), on, { kind: 'internal' })).error.message).toBe(
      'The bearer token is not valid: its user signed out everywhere after it was issued.',
    );
    await store.redis.del(cutoffKey(bob.id));
  });

  it('is not looked up while the denylist is off', async () => {
    const off = configWith({ JWT_DENYLIST: 'off' });
    const internal = await issue(off, { kind: 'internal' });
    await denyToken(off.issuer, internal.jti, internal.expiresAt, { clock, redis: store.redis });
    const result = accepted(await auth(bearer(internal.token), off, { kind: 'internal' }));
    expect(shape(result.timing)).toEqual({ desc: 'jwt ES256', parts: [['verify', 'signature and claims']] });
  });
});

describe('the denylist', () => {
  it('when on, refuses a denylisted jti, and times its round trip', async () => {
    const config = configWith({ JWT_DENYLIST: 'on', JWT_VERIFY_CACHE: 'off' });
    const live = await issue(config);
    const denied = await issue(config);
    await denyToken(config.issuer, denied.jti, denied.expiresAt, { clock, redis: store.redis });
    const ok = accepted(await auth(bearer(live.token), config));
    expect(shape(ok.timing)).toEqual({
      desc: 'jwt ES256 + denylist',
      parts: [
        ['verify', 'signature and claims'],
        ['denylist', '1 round trip'],
      ],
    });
    const result = refused(await auth(bearer(denied.token), config));
    expect(result.error.code).toBe('invalid_token');
    expect(result.error.message).toBe('The bearer token is not valid: it has been revoked.');
    expect(result.error.headers['WWW-Authenticate']).toContain('The token has been revoked');
    expect(result.clearCookie).toBe(false);
    expect(shape(result.timing).desc).toBe('jwt ES256 + denylist');
  });

  it('when on, refuses every token issued before the user signed out everywhere, and none after', async () => {
    const config = configWith({ JWT_DENYLIST: 'on' });
    const before = await issue(config);
    const others = await issue(config, { user: bob });
    await store.redis.set(cutoffKey(alice.id), String(T), { px: 300_000 });
    const result = refused(await auth(bearer(before.token), config));
    expect(result.error.message).toBe('The bearer token is not valid: its user signed out everywhere after it was issued.');
    accepted(await auth(bearer(others.token), config));
    T += 1_000;
    const after = await issue(config);
    accepted(await auth(bearer(after.token), config));
  });

  it('when off, is not consulted at all', async () => {
    const config = configWith({ JWT_DENYLIST: 'off' });
    const denied = await issue(config);
    await denyToken(config.issuer, denied.jti, denied.expiresAt, { clock, redis: store.redis });
    const result = accepted(await auth(bearer(denied.token), config));
    expect(shape(result.timing).desc).toBe('jwt ES256');
  });

  it('follows the live setting an admin flipped, over the configured default', async () => {
    const config = configWith({ JWT_DENYLIST: 'off' });
    const denied = await issue(config);
    await denyToken(config.issuer, denied.jti, denied.expiresAt, { clock, redis: store.redis });
    await setDenylistEnabled(true, { clock, redis: store.redis });
    expect(refused(await auth(bearer(denied.token), config)).error.code).toBe('invalid_token');
  });

  it('answers 503, never "not revoked", when the store is down: setting unreadable, or lookup failing', async () => {
    const config = configWith({ JWT_DENYLIST: 'on' });
    const { token } = await issue(config);
    // Never read in this process: the setting itself can't be read.
    resetKeyRingCache();
    const unread = refused(await auth(bearer(token), config, { redis: down }));
    expect(unread.error.code).toBe('store_unavailable');
    expect(unread.error.status).toBe(503);
    expect(unread.clearCookie).toBe(false);
    // Known to be on: the lookup itself fails.
    await setDenylistEnabled(true, { clock, redis: store.redis });
    const lookup = refused(await auth(bearer(token), config, { redis: down }));
    expect(lookup.error.code).toBe('store_unavailable');
    expect(shape(lookup.timing).desc).toBe('jwt ES256 + denylist');
  });
});

describe('a session cookie', () => {
  it('is looked up into a session identity, with the unseal and the store round trip in the timing', async () => {
    const config = configWith();
    const created = await signIn(bob);
    const result = accepted(await auth(withCookie(created.cookieValue), config));
    expect(result.identity).toEqual({ user: bob, mode: 'session', transport: 'cookie', session: created.info });
    expect(result.session?.record.id).toBe(created.record.id);
    expect(shape(result.timing)).toEqual({
      desc: 'session lookup',
      parts: [
        ['unseal', undefined],
        ['store', '1 round trip'],
      ],
    });
    T += 1_000;
    const again = accepted(await auth(withCookie(created.cookieValue), config));
    expect(shape(again.timing).parts[0]).toEqual(['unseal', 'cached']);
  });

  it('missing or empty: 401 unauthenticated with a bearer challenge, no lookup, nothing to clear', async () => {
    const config = configWith();
    for (const req of [request(), withCookie(''), request({ Cookie: 'other=1' })]) {
      const result = refused(await auth(req, config));
      expect(result.error.code).toBe('unauthenticated');
      expect(result.error.headers['WWW-Authenticate']).toBe('Bearer');
      expect(result.clearCookie).toBe(false);
      expect(result.timing).toBeUndefined();
    }
  });

  it('tampered, foreign, oversized or naming no session: refused, and cleared', async () => {
    const config = configWith();
    const { cookieValue } = await signIn();
    const middle = Math.floor(cookieValue.length / 2);
    const tampered = cookieValue.slice(0, middle) + (cookieValue[middle] === 'A' ? 'B' : 'A') + cookieValue.slice(middle + 1);
    const foreign = await sealData({ sid: randomId(32) }, { password: 'q'.repeat(32), ttl: 300 });
    const unknown = await sealData({ sid: randomId(32) }, { password: PASSWORD, ttl: 300 });
    const cases = { tampered, foreign, oversized: 'x'.repeat(2_000), garbage: 'not-a-seal', unknown };
    for (const [name, value] of Object.entries(cases)) {
      const result = refused(await auth(withCookie(value), config));
      expect(result.error.code, name).toBe(name === 'unknown' ? 'session_expired' : 'unauthenticated');
      expect(result.clearCookie, name).toBe(true);
      expect(shape(result.timing).desc, name).toBe('session lookup');
    }
  });

  it('idle too long: session_expired, cleared', async () => {
    const config = configWith();
    const { cookieValue } = await signIn();
    // Used just in time, twice: idleness counts from the last use, not from sign-in.
    for (let i = 0; i < 2; i++) {
      T += LIFETIMES.idleTtl * 1000 - 1;
      accepted(await auth(withCookie(cookieValue), config));
    }
    T += LIFETIMES.idleTtl * 1000;
    const result = refused(await auth(withCookie(cookieValue), config));
    expect(result.error.code).toBe('session_expired');
    expect(result.error.message).toBe('The session expired after a period without use; sign in again.');
    expect(result.clearCookie).toBe(true);
  });

  it('past its absolute lifetime, however busy: session_expired, cleared', async () => {
    const config = configWith();
    const start = T;
    const { cookieValue } = await signIn();
    for (T = start + 30_000; T < start + LIFETIMES.absoluteTtl * 1000; T += 30_000) accepted(await auth(withCookie(cookieValue), config));
    T = start + LIFETIMES.absoluteTtl * 1000;
    const result = refused(await auth(withCookie(cookieValue), config));
    expect(result.error.code).toBe('session_expired');
    expect(result.error.message).toBe('The session reached its absolute lifetime; sign in again.');
    expect(result.clearCookie).toBe(true);
  });

  it('signed out or revoked from another device: session_revoked, cleared', async () => {
    const config = configWith();
    const own = await signIn();
    await endSessionByCookie(own.cookieValue, { sessionPassword: PASSWORD }, 'logout', { clock, redis: store.redis });
    const other = await signIn();
    await revokeAllSessions(alice.id, { clock, redis: store.redis });
    const messages: string[] = [];
    for (const { cookieValue } of [own, other]) {
      const result = refused(await auth(withCookie(cookieValue), config));
      expect(result.error.code).toBe('session_revoked');
      expect(result.clearCookie).toBe(true);
      messages.push(result.error.message);
    }
    expect(messages).toEqual(['This session was signed out; sign in again.', 'You signed out everywhere; sign in again.']);
  });
});

describe('an outage', () => {
  it('is a 503 store_unavailable that keeps the cookie: it is not a sign-out', async () => {
    const config = configWith();
    const { cookieValue } = await signIn();
    accepted(await auth(withCookie(cookieValue), config));
    for (const known of [true, false]) {
      if (!known) resetKnownSessions();
      const result = refused(await auth(withCookie(cookieValue), config, { redis: down }));
      expect(result.error.code).toBe('store_unavailable');
      expect(result.error.status).toBe(503);
      expect(result.error.headers['Retry-After']).toBe('1');
      expect(result.clearCookie).toBe(false);
      expect(shape(result.timing).desc).toBe('session lookup');
    }
    // Back up: the same cookie works again.
    accepted(await auth(withCookie(cookieValue), config));
  });

  it('does not stop a JWT while the denylist is known to be off; a process that never read the setting answers 503', async () => {
    const config = configWith({ JWT_DENYLIST: 'off' });
    const { token } = await issue(config);
    accepted(await auth(bearer(token), config));
    T += 2_000; // the setting is due for a re-read, which fails: it stays off
    accepted(await auth(bearer(token), config, { redis: down }));
    resetSettingsCache();
    expect(refused(await auth(bearer(token), config, { redis: down })).error.code).toBe('store_unavailable');
  });

  it('or any unexpected failure is a 500 internal_error result, never a throw, and keeps the cookie', async () => {
    const config = configWith();
    const { cookieValue } = await signIn();
    T += touchInterval(LIFETIMES.idleTtl);
    // The write never runs here: held back, it can't land in another test's store.
    const result = refused(
      await auth(withCookie(cookieValue), config, {
        redis: heldWrites().redis,
        defer: () => {
          throw new TypeError('waitUntil is not available');
        },
      }),
    );
    expect(result.error.code).toBe('internal_error');
    expect(result.error.status).toBe(500);
    expect(result.error.message).toBe('The credential could not be checked.');
    expect(result.clearCookie).toBe(false);
  });
});

describe('the lastSeenAt write', () => {
  const seenKey = (hash: string) => `sess:${hash}:seen`;

  it('is handed to `defer` when due on first sight: the answer does not wait for it', async () => {
    const config = configWith();
    const start = T;
    const { cookieValue } = await signIn();
    T = start + touchInterval(LIFETIMES.idleTtl);
    const writes = heldWrites();
    const deferred: Promise<void>[] = [];
    const result = accepted(await auth(withCookie(cookieValue), config, { redis: writes.redis, defer: (work) => deferred.push(work) }));
    const hash = result.session?.hash as string;
    expect(result.session?.lastSeenWrite).toBe('deferred');
    expect(shape(result.timing).parts[1]).toEqual(['store', '2 round trips (lastSeenAt written separately)']);
    // Answered while the write was still held back.
    expect([deferred.length, writes.held()]).toEqual([1, 1]);
    expect(await store.redis.get(seenKey(hash))).toBe(String(start));
    writes.open();
    await deferred[0];
    expect(await store.redis.get(seenKey(hash))).toBe(String(T));
  });

  it('is awaited before the answer when there is no `defer`', async () => {
    const config = configWith();
    const start = T;
    const { cookieValue } = await signIn();
    T = start + touchInterval(LIFETIMES.idleTtl);
    const writes = heldWrites();
    let answered = false;
    const pending = auth(withCookie(cookieValue), config, { redis: writes.redis }).then((r) => {
      answered = true;
      return r;
    });
    await vi.waitFor(() => expect(writes.held()).toBe(1));
    // Every callback queued so far has run: an answer that did not wait for the write would be in.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    writes.open();
    const result = accepted(await pending);
    expect(result.session?.lastSeenWrite).toBe('deferred');
    expect(await store.redis.get(seenKey(result.session?.hash as string))).toBe(String(T));
  });

  it('is not made when not due, and goes along with the lookup once this process knows the session', async () => {
    const config = configWith();
    const start = T;
    const { cookieValue } = await signIn();
    const defer = vi.fn();
    T = start + 1_000;
    const early = accepted(await auth(withCookie(cookieValue), config, { defer }));
    expect(early.session?.lastSeenWrite).toBe('none');
    T = start + touchInterval(LIFETIMES.idleTtl);
    const due = accepted(await auth(withCookie(cookieValue), config, { defer }));
    expect(due.session?.lastSeenWrite).toBe('with-lookup');
    expect(shape(due.timing).parts[1]).toEqual(['store', '1 round trip, lastSeenAt written']);
    expect(defer).not.toHaveBeenCalled();
    expect(await store.redis.get(seenKey(due.session?.hash as string))).toBe(String(T));
  });

  it('that fails is logged, and neither fails the request nor rejects the deferred work', async () => {
    const config = configWith();
    const start = T;
    const { cookieValue } = await signIn();
    T = start + touchInterval(LIFETIMES.idleTtl);
    // A store that answers reads but refuses the write.
    const readOnly = storeWithSet(() => Promise.reject(new Error('READONLY You can not write against a read only replica.')));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const deferred: Promise<void>[] = [];
    const result = accepted(await auth(withCookie(cookieValue), config, { redis: readOnly, defer: (work) => deferred.push(work) }));
    await expect(deferred[0]).resolves.toBeUndefined();
    expect(result.identity.user).toEqual(alice);
    expect(logged).toHaveBeenCalledWith('[authlab] lastSeenAt write failed', expect.anything());
  });
});
