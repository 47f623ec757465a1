import type { Redis } from '@upstash/redis';
import { base64url, decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { parseConfig, type Config, type JwtAlgorithm } from '../config';
import { AuthError } from '../http/errors';
import { createStoreClient } from '../store/client';
import { authenticate } from './authenticate';
import { issueToken, verifyToken } from './jwt';
import { CLOCK_TOLERANCE } from './jwt-profile';
import { PRIVATE_MEMBERS } from './key-material';
import { unsealJwk } from './key-seal';
import { sealSnapshot } from './key-snapshot';
import { COPY_EVERY_MS, type NodeCopyStore } from './node-copy';
import {
  KeyRingCache,
  MAX_LIVE_KEYS,
  REFRESH_MS,
  UNKNOWN_KID_MS,
  describeKeys,
  generatePrivateJwk,
  getKeyRing,
  publicJwks,
  resetKeyRingCache,
  retirementDelayMs,
  ringKey,
  sealBinding,
  type KeyRing,
} from './keys';
import { DEMO_LIFETIMES, longestAccessTokenTtl } from './lifetimes';
import { resetSettingsCache } from './settings';

const alice = { id: 'u_alice', username: 'alice', role: 'admin' as const };
const T0 = Date.UTC(2026, 0, 1);
let T = T0;
const clock: Clock = { now: () => T };
const secret = 's'.repeat(40);

let store: Awaited<ReturnType<typeof startTestStore>>;
let es: JWK;
let ed: JWK;

beforeAll(async () => {
  store = await startTestStore();
  [es, ed] = await Promise.all([generatePrivateJwk('ES256'), generatePrivateJwk('EdDSA')]);
});
afterAll(async () => {
  await store.close();
});
beforeEach(async () => {
  T = T0;
  await store.redis.flushdb();
});

function configFor(alg: JwtAlgorithm, env: Record<string, string> = {}): Config {
  return parseConfig({
    SESSION_PASSWORD: 'p'.repeat(32),
    JWT_ALG: alg,
    JWT_SECRET: secret,
    JWT_KEYS: JSON.stringify({ keys: [es, ed] }),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: store.token,
    ...env,
  });
}

/** One "process": its own cache over the shared store. */
const processOver = (config: Config, redis: Redis = store.redis) => new KeyRingCache(config, { redis, clock });

/** The store client, counting the GETs it sends, to prove what is (not) read per request. */
function countingGets(redis: Redis): { redis: Redis; gets: () => number } {
  let gets = 0;
  const counted = new Proxy(redis, {
    get(target, property, receiver) {
      if (property === 'get') gets++;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { redis: counted, gets: () => gets };
}

const storedRaw = async (alg: JwtAlgorithm) => String(await store.redis.get<string>(ringKey(alg)));
const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AuthError ? e.code : String(e)),
  );

describe('the ring in the store', () => {
  it('is seeded from the configured keys on first use, with private parts sealed', async () => {
    const config = configFor('ES256');
    const ring = await processOver(config).get();
    expect(ring.current.kid).toBe(es.kid);
    expect([...ring.byKid.keys()]).toEqual([es.kid]); // Only keys of JWT_ALG.
    const raw = await storedRaw('ES256');
    expect(raw).not.toContain(es.d as string);
    expect(raw).not.toContain('"d"');
    expect(JSON.parse(raw).keys[0].sealed).toMatch(/^k1\./);
  });

  it('seals HMAC secrets too, and an HS256 ring publishes no JWKS', async () => {
    const config = configFor('HS256');
    const cache = processOver(config);
    await cache.rotate();
    const ring = await cache.get();
    expect(ring.byKid.size).toBe(2);
    const raw = await storedRaw('HS256');
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(base64url.encode(secret));
    for (const key of JSON.parse(raw).keys as { kid: string; sealed: string }[]) {
      const jwk = await unsealJwk(key.sealed, sealBinding('HS256', key.kid), config.sessionPassword);
      expect(base64url.decode(jwk.k as string).length).toBeGreaterThanOrEqual(32);
      expect(raw).not.toContain(jwk.k as string);
    }
    expect(publicJwks(ring, clock)).toEqual({ keys: [] });
    expect(describeKeys(ring, config, clock)).toMatchObject({ alg: 'HS256', jwksPublished: 0 });
  });

  it.each(['ES256', 'EdDSA'] as const)('%s: a rotated key is sealed; the store never holds its d in clear', async (alg) => {
    const config = configFor(alg);
    const ring = await processOver(config).rotate();
    const raw = await storedRaw(alg);
    const key = (JSON.parse(raw).keys as { kid: string; sealed: string }[]).find((k) => k.kid === ring.current.kid);
    const jwk = await unsealJwk(key?.sealed as string, sealBinding(alg, ring.current.kid), config.sessionPassword);
    expect(typeof jwk.d).toBe('string');
    expect(raw).not.toContain(jwk.d as string);
  });

  it('is the same for instances that were configured with different keys: the first seed wins', async () => {
    const other = await generatePrivateJwk('ES256');
    const [a, b] = await Promise.all([
      processOver(configFor('ES256')).get(),
      processOver(configFor('ES256', { JWT_KEYS: JSON.stringify({ keys: [other] }) })).get(),
    ]);
    expect(a.current.kid).toBe(b.current.kid);
  });
});

describe('rotation', () => {
  it('makes a new key current; the old one verifies until it retires, then fails with invalid_token', async () => {
    const config = configFor('ES256');
    const cache = processOver(config);
    const before = await issueToken(alice, { ring: await cache.get(), config, ttl: config.accessTokenTtl, clock });
    T += 1_000;
    const rotatedAt = T;
    const ring = await cache.rotate();
    expect(ring.current.kid).not.toBe(es.kid);
    const after = await issueToken(alice, { ring: await cache.get(), config, ttl: config.accessTokenTtl, clock });
    expect(kidOf(after.token)).toBe(ring.current.kid);
    await expect(verifyToken(before.token, { ring: await cache.get(), config, clock })).resolves.toBeTruthy();

    // No earlier than the longest access-token life plus the clock tolerance.
    const retiresAt = ring.byKid.get(es.kid as string)?.retiresAt as number;
    expect(retiresAt - rotatedAt).toBe(retirementDelayMs(config));
    expect(retiresAt - rotatedAt).toBeGreaterThanOrEqual(
      (Math.max(config.accessTokenTtl, DEMO_LIFETIMES.accessTokenTtl) + CLOCK_TOLERANCE) * 1000,
    );
    expect(retiresAt - rotatedAt).toBeGreaterThanOrEqual((longestAccessTokenTtl(config) + CLOCK_TOLERANCE) * 1000);

    T = retiresAt - 1;
    expect(publicJwks(await cache.get(), clock).keys.map((k) => k.kid)).toEqual([ring.current.kid, es.kid]);
    // A token of the old key that lives longer than the overlap shows that retirement, not exp, refuses it.
    const longLived = await issueToken(alice, {
      ring: { current: ring.byKid.get(es.kid as string) as KeyRing['current'], byKid: ring.byKid },
      config,
      ttl: 3_600,
      clock: { now: () => rotatedAt - 1 },
    });
    await expect(verifyToken(longLived.token, { ring: await cache.get(), config, clock })).resolves.toBeTruthy();

    T = retiresAt;
    // A ring read before the retirement refuses the key by its retiresAt; a fresh read no longer has it at all.
    const stale = await verifyToken(longLived.token, { ring, config, clock }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'invalid_token', message: expect.stringContaining('retired') });
    expect(await codeOf(verifyToken(longLived.token, { ring: await cache.get(), config, clock }))).toBe('invalid_token');
    expect(await codeOf(verifyToken(before.token, { ring: await cache.get(), config, clock }))).toBe('invalid_token');
    await expect(
      verifyToken(after.token, { ring: await cache.get(), config, clock: { now: () => rotatedAt + 60_000 } }),
    ).resolves.toBeTruthy();
    expect(publicJwks(await cache.get(), clock).keys.map((k) => k.kid)).toEqual([ring.current.kid]);
    expect(describeKeys(await cache.get(), config, clock).keys.map((k) => k.status)).toEqual(['current']);
  });

  it('publishes both keys during the overlap, with no private member at all', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const config = configFor(alg);
      const cache = processOver(config);
      const ring = await cache.rotate();
      const { keys } = publicJwks(ring, clock);
      expect(keys).toHaveLength(2);
      for (const key of keys) {
        for (const member of PRIVATE_MEMBERS) expect(key, `${alg} ${key.kid} ${member}`).not.toHaveProperty(member);
        expect(key).toMatchObject({ alg, use: 'sig' });
      }
      const listing = describeKeys(ring, config, clock);
      expect(listing.keys.map((k) => k.status)).toEqual(['current', 'previous']);
      expect(listing.keys[1]).toMatchObject({ kid: (alg === 'ES256' ? es : ed).kid, source: 'config' });
      expect(JSON.stringify(listing)).not.toMatch(/"(d|p|q|dp|dq|qi|k|oth)":/);
    }
  });

  it('gives two rotations at the same moment one winner each, never a lost key', async () => {
    const config = configFor('ES256');
    const [a, b] = [processOver(config), processOver(config)];
    await Promise.all([a.get(), b.get()]);
    const results = await Promise.allSettled([a.rotate(), b.rotate(), a.rotate()]);
    const won = results.filter((r) => r.status === 'fulfilled').length;
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict', status: 409 });
    expect(won).toBeGreaterThanOrEqual(1);
    const stored = JSON.parse(await storedRaw('ES256')) as { version: number; keys: unknown[] };
    expect(stored.version).toBe(1 + won);
    expect(stored.keys).toHaveLength(1 + won);
  });

  it('refuses to grow the ring past its cap while keys are in their overlap', async () => {
    const cache = processOver(configFor('EdDSA'));
    for (let i = 1; i < MAX_LIVE_KEYS; i++) await cache.rotate();
    expect(await codeOf(cache.rotate())).toBe('conflict');
    T += retirementDelayMs(configFor('EdDSA'));
    await expect(cache.rotate()).resolves.toBeTruthy();
  });
});

describe('other processes', () => {
  it('learn a rotation from the new kid, reading the store at most once a second for unknown kids', async () => {
    const config = configFor('ES256');
    const counting = countingGets(store.redis);
    const a = processOver(config);
    const b = processOver(config, counting.redis);
    await Promise.all([a.get(), b.get()]);
    const readsAfterStart = counting.gets();

    const rotated = await a.rotate();
    const token = (await issueToken(alice, { ring: rotated, config, ttl: 60, clock })).token;
    T += 100; // Long before B's periodic re-read.
    expect(await codeOf(verifyToken(token, { ring: await b.get(), config, clock }))).toBe('invalid_token');
    const ringB = await b.get({ kid: kidOf(token) as string });
    expect(counting.gets()).toBe(readsAfterStart + 1);
    await expect(verifyToken(token, { ring: ringB, config, clock })).resolves.toBeTruthy();

    // Known kids cost nothing; garbage kids cost one read a second at most.
    for (let i = 0; i < 50; i++) await b.get({ kid: i % 2 ? (kidOf(token) as string) : `forged-${i}` });
    expect(counting.gets()).toBe(readsAfterStart + 1);
    T += UNKNOWN_KID_MS;
    await b.get({ kid: 'forged-again' });
    expect(counting.gets()).toBe(readsAfterStart + 2);
  });

  it('apply a retirement after their periodic re-read, without any unknown kid', async () => {
    const config = configFor('ES256');
    const a = processOver(config);
    const b = processOver(config);
    const old = await issueToken(alice, { ring: await b.get(), config, ttl: 3_600, clock });
    await a.rotate(); // B does not know that K1 now retires.
    T += retirementDelayMs(config);
    expect(T - T0).toBeGreaterThan(REFRESH_MS);
    expect(await codeOf(verifyToken(old.token, { ring: await b.get(), config, clock }))).toBe('invalid_token');
  });

  it('the edge path: authenticate() picks up a key another instance rotated in', async () => {
    resetKeyRingCache();
    resetSettingsCache();
    const config = configFor('ES256');
    const request = (token: string) => new Request('http://authlab.test/api/me', { headers: { Authorization: `Bearer ${token}` } });
    const before = await issueToken(alice, { ring: await getKeyRing(config, { clock, redis: store.redis }), config, ttl: 60, clock });
    const rotated = await processOver(config).rotate();
    const after = await issueToken(alice, { ring: rotated, config, ttl: 60, clock });
    T += 10;
    for (const token of [before.token, after.token]) {
      const result = await authenticate(request(token), { config, clock, redis: store.redis });
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
    resetKeyRingCache();
  });

  it('keep verifying with what they know while the store is down; cold, with the configured keys', async () => {
    const config = configFor('ES256');
    const down = createStoreClient({ url: 'http://127.0.0.1:1', token: store.token, timeoutMs: 200 });
    const cold = processOver(config, down);
    const ring = await cold.get();
    expect(ring.current.kid).toBe(es.kid);
    const token = (await issueToken(alice, { ring, config, ttl: 60, clock })).token;
    await expect(verifyToken(token, { ring: await cold.get(), config, clock })).resolves.toBeTruthy();
    expect(await codeOf(cold.rotate())).toBe('store_unavailable');
  });

  it('answer 503, not 401, for a token whose key they cannot look up while the store is down', async () => {
    const config = configFor('ES256');
    const rotated = await processOver(config).rotate();
    const token = (await issueToken(alice, { ring: rotated, config, ttl: 60, clock })).token;
    const down = createStoreClient({ url: 'http://127.0.0.1:1', token: store.token, timeoutMs: 200 });
    // Cold: it started during the outage and stands in with the configured keys only.
    const cold = processOver(config, down);
    expect(await codeOf(cold.get({ kid: kidOf(token) as string }))).toBe('store_unavailable');
    // A token of a configured key still verifies; asking again about the unknown kid stays 503.
    expect((await cold.get({ kid: String(es.kid) })).current.kid).toBe(es.kid);
    expect(await codeOf(cold.get({ kid: kidOf(token) as string }))).toBe('store_unavailable');
    // Once the store answers, the kid is found and the token verifies.
    const back = processOver(config);
    await expect(verifyToken(token, { ring: await back.get({ kid: kidOf(token) as string }), config, clock })).resolves.toBeTruthy();
  });

  it('do not make JWT requests wait on a store that is down: retries run in the background', async () => {
    const config = configFor('ES256');
    const cache = processOver(config);
    const known = await cache.get();
    const refusing = createStoreClient({ url: 'http://127.0.0.1:1', token: store.token, timeoutMs: 200 });
    T += REFRESH_MS;
    expect(await cache.get({ redis: refusing })).toBe(known); // The outage is found (by a read behind the request)...
    // ...after which a store that never answers can't hold up a request: the read goes on behind it.
    const hanging = { get: () => new Promise<never>(() => undefined) } as unknown as Redis;
    T += UNKNOWN_KID_MS;
    expect((await cache.get({ redis: hanging })).current.kid).toBe(known.current.kid);
  });

  it('re-read a ring that is due behind the request, but read first one left stale over two periods', async () => {
    const config = configFor('ES256');
    const counting = countingGets(store.redis);
    const a = processOver(config);
    const b = processOver(config, counting.redis);
    const before = await b.get();
    const rotated = await a.rotate();
    const reads = counting.gets();
    T += REFRESH_MS;
    // Due: this request is answered with what B knows; the read runs behind it.
    expect((await b.get()).current.kid).toBe(before.current.kid);
    expect(counting.gets()).toBe(reads + 1);
    await vi.waitFor(async () => expect((await b.get()).current.kid).toBe(rotated.current.kid));
    // After a quiet spell of more than two periods, the first request waits for a fresh read.
    const again = await a.rotate();
    T += 2 * REFRESH_MS + 1;
    expect((await b.get()).current.kid).toBe(again.current.kid);
  });

  it('never overwrite a ring they cannot read', async () => {
    await store.redis.set(ringKey('ES256'), '{"format":99}');
    const cache = processOver(configFor('ES256'));
    expect((await cache.get()).current.kid).toBe(es.kid);
    expect(await codeOf(cache.rotate())).not.toBe('resolved');
    expect(await storedRaw('ES256')).toBe('{"format":99}');
  });
});

describe("the node's copy of the ring, for processes that can't reach the store", () => {
  /** A node's copy in memory: what `save` wrote last, plus copies given as the launcher would. */
  function nodeCopy(given: string[] = []) {
    const saved: string[] = [];
    const persistence: NodeCopyStore = {
      load: () => [...given, ...saved.slice(-1)],
      save: async (_config, _name, sealed) => void saved.push(sealed),
    };
    return { persistence, saved, last: () => saved.at(-1) as string };
  }
  const down = () => createStoreClient({ url: 'http://127.0.0.1:1', token: store.token, timeoutMs: 200 });
  const over = (config: Config, persistence: NodeCopyStore, redis: Redis = store.redis) =>
    new KeyRingCache(config, { redis, clock, persistence });
  /** Where a token lands: 'ok', or the code it is refused with (from the ring lookup or the verification). */
  const outcome = async (cache: KeyRingCache, token: string, config: Config, redis?: Redis) =>
    codeOf(
      cache.get({ kid: kidOf(token) as string, ...(redis ? { redis } : {}) }).then((ring) => verifyToken(token, { ring, config, clock })),
    ).then((c) => (c === 'resolved' ? 'ok' : c));

  it('round trip: a process started while the store is down verifies tokens of every key the node saw, and no other', async () => {
    const config = configFor('ES256');
    const node = nodeCopy();
    const a = over(config, node.persistence);
    const old = await issueToken(alice, { ring: await a.get(), config, ttl: 60, clock });
    const rotated = await a.rotate();
    const fresh = await issueToken(alice, { ring: rotated, config, ttl: 60, clock });
    await vi.waitFor(() => expect(node.saved).toHaveLength(2)); // The seed read, then the rotation.
    expect(node.last()).not.toContain(rotated.current.kid); // Sealed, and the private keys inside sealed again.

    const cold = over(config, node.persistence, down());
    expect(await outcome(cold, fresh.token, config)).toBe('ok');
    expect(await outcome(cold, old.token, config)).toBe('ok');
    expect((await cold.get()).current.kid).toBe(rotated.current.kid);
    const stranger = await issueToken(alice, { ring: await processOver(configFor('EdDSA')).get(), config, ttl: 60, clock });
    expect(await outcome(cold, stranger.token, config)).toBe('store_unavailable');
    expect(await codeOf(cold.rotate())).toBe('store_unavailable');
    // A token of a known key with a wrong signature is still a 401.
    expect(await outcome(cold, `${fresh.token.slice(0, -4)}AAAA`, config)).toBe('invalid_token');

    // The launcher's copy (an environment variable) works the same for a runtime that can't read files.
    const edge = new KeyRingCache(configFor('ES256', { JWT_RING_SNAPSHOT: node.last() }), { redis: down(), clock });
    expect(await outcome(edge, fresh.token, config)).toBe('ok');
  });

  it('ignores a copy that was edited, or sealed with another SESSION_PASSWORD: configured keys only', async () => {
    const config = configFor('ES256');
    const node = nodeCopy();
    const rotated = await over(config, node.persistence).rotate();
    const fresh = await issueToken(alice, { ring: rotated, config, ttl: 60, clock });
    await vi.waitFor(() => expect(node.saved).toHaveLength(1));
    const [format, body, mac] = node.last().split('.') as [string, string, string];
    const json = JSON.parse(new TextDecoder().decode(base64url.decode(body))) as { savedAt: number };
    const edited = `${format}.${base64url.encode(JSON.stringify({ ...json, savedAt: json.savedAt + 1 }))}.${mac}`;
    const otherPassword = await sealSnapshot({ format: 1, savedAt: T, ring: JSON.parse(await storedRaw('ES256')) }, 'o'.repeat(32));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const copy of [edited, otherPassword, 'garbage']) {
      const cold = over(config, nodeCopy([copy]).persistence, down());
      expect(await outcome(cold, fresh.token, config)).toBe('store_unavailable');
      expect((await cold.get()).current.kid).toBe(es.kid);
    }
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('not valid'), expect.anything());
    errors.mockRestore();
  });

  it('never lets a stale copy bring back a key this process (or a newer copy) saw retired', async () => {
    const config = configFor('ES256');
    const node = nodeCopy();
    const a = over(config, node.persistence);
    const first = await a.rotate();
    await vi.waitFor(() => expect(node.saved).toHaveLength(1));
    const stale = node.last(); // The first rotated key is current here, retiring at no set time.
    T += 1_000;
    const second = await a.rotate();
    await vi.waitFor(() => expect(node.saved).toHaveLength(2));
    const newer = node.last();
    const retiresAt = second.byKid.get(first.current.kid)?.retiresAt as number;
    // Whoever holds the first key signs a token that outlives its retirement.
    const forged = await issueToken(alice, { ring: first, config, ttl: 3_600, clock });

    // A warm process read the newer ring, then the store went down; the node's copy it finds is stale.
    const warm = over(config, nodeCopy([stale]).persistence);
    await warm.get();
    const outage = down();
    T = retiresAt;
    expect(await codeOf(warm.get({ redis: outage, kid: 'nobody' }))).toBe('store_unavailable'); // Stands in now.
    expect((await warm.get({ redis: outage })).current.kid).toBe(second.current.kid);
    expect(await outcome(warm, forged.token, config, outage)).toBe('invalid_token'); // Seen retired: a 401, not a 503.
    // A process that only ever saw the stale copy can't know of the retirement: it trusts the key, within
    // JWT_RING_MAX_AGE of the copy (the bound the README states).
    expect(await outcome(over(config, nodeCopy([stale]).persistence, down()), forged.token, config)).toBe('ok');

    // A cold process with both copies (the launcher's stale one, the file's newer one) goes by the newer.
    const cold = over(config, nodeCopy([newer, stale]).persistence, down());
    expect(await outcome(cold, forged.token, config)).toBe('invalid_token');
    expect((await cold.get()).current.kid).toBe(second.current.kid);
  });

  it('trusts a key only the store knows for JWT_RING_MAX_AGE after the store last confirmed it; configured keys after that', async () => {
    // Shorter than the overlap of a rotation, so the configured key is not yet retired when the bound ends.
    const config = configFor('ES256', { JWT_RING_MAX_AGE: '60' });
    expect(retirementDelayMs(config)).toBeGreaterThan(60_000);
    const node = nodeCopy();
    const a = over(config, node.persistence);
    const old = await issueToken(alice, { ring: await a.get(), config, ttl: 3_600, clock });
    const rotated = await a.rotate();
    const fresh = await issueToken(alice, { ring: rotated, config, ttl: 3_600, clock });
    await vi.waitFor(() => expect(node.saved).toHaveLength(2));
    const confirmedAt = T;

    // Cold, from the copy: its age is counted from its savedAt.
    T = confirmedAt + 60_000;
    const cold = over(config, node.persistence, down());
    expect(await outcome(cold, fresh.token, config)).toBe('ok');
    T += 1;
    expect(await outcome(cold, fresh.token, config)).toBe('store_unavailable');
    expect(await outcome(cold, old.token, config)).toBe('ok'); // Configured (and not yet retired): still trusted.
    expect(await outcome(over(config, node.persistence, down()), fresh.token, config)).toBe('store_unavailable');

    // Warm: the same bound, from this process's own last read, even with no request in between.
    T = confirmedAt;
    const warm = over(config, nodeCopy().persistence);
    await warm.get();
    const outage = down();
    T += 3 * REFRESH_MS;
    expect(await codeOf(warm.get({ redis: outage, kid: 'nobody' }))).toBe('store_unavailable'); // Stands in now.
    T = confirmedAt + 60_000;
    expect(await outcome(warm, fresh.token, config, outage)).toBe('ok');
    T += 1;
    expect(await outcome(warm, fresh.token, config, outage)).toBe('store_unavailable');
    expect(await outcome(warm, old.token, config, outage)).toBe('ok');

    // JWT_RING_MAX_AGE=0: a key only the store knows is never trusted without it.
    const strict = configFor('ES256', { JWT_RING_MAX_AGE: '0' });
    expect(await outcome(over(strict, node.persistence, down()), fresh.token, strict)).toBe('store_unavailable');
    // Back: the store answers, the token verifies again at once.
    expect(await outcome(over(config, nodeCopy().persistence), fresh.token, config)).toBe('ok');
  });

  it('rewrites the copy on every new version, else at most once a minute, so its age says when the store last answered', async () => {
    const config = configFor('ES256');
    const node = nodeCopy();
    const a = over(config, node.persistence);
    await a.get();
    await vi.waitFor(() => expect(node.saved).toHaveLength(1));
    for (let i = 0; i < 5; i++) {
      T += REFRESH_MS;
      await a.get();
    }
    await vi.waitFor(() => expect(node.saved).toHaveLength(1));
    T += COPY_EVERY_MS;
    await a.get();
    await vi.waitFor(() => expect(node.saved).toHaveLength(2));
    const body = node.last().split('.')[1] as string;
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(body))).savedAt).toBe(T);
    await a.rotate();
    await vi.waitFor(() => expect(node.saved).toHaveLength(3));
  });
});
