import type { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { parseConfig, type Config } from '../config';
import { AuthError } from '../http/errors';
import { rotate, startFamily } from './refresh';
import { cutoffKey } from './revocation';
import { seedSessions } from './seed-sessions';
import { createSession, enforceSessionCap, listSessions, loadSession, resetKnownSessions, sessionKeys } from './session';
import { deviceLockedOut } from './rate-limit';
import { signOutEverywhere } from './sign-out-everywhere';
import { BATCH } from './user-index';

const PASSWORD = 'p'.repeat(32);
const settings = { sessionPassword: PASSWORD, idleTtl: 600, absoluteTtl: 3_600 };
let T = Date.now();
const clock: Clock = { now: () => T };
/** More than two batches, so every loop goes round more than once. */
const COUNT = 2 * BATCH + 50;

let store: Awaited<ReturnType<typeof startTestStore>>;
let config: Config;
beforeAll(async () => {
  store = await startTestStore();
  config = parseConfig({
    SESSION_PASSWORD: PASSWORD,
    JWT_ALG: 'HS256',
    JWT_SECRET: 's'.repeat(32),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: store.token,
  });
});
afterAll(async () => {
  await store.close();
});

let users = 0;
const freshUser = () => ({
  id: `u_many_${++users}_${Math.random().toString(36).slice(2, 8)}`,
  username: `many${users}`,
  role: 'member' as const,
});
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AuthError ? e.code : String(e)),
  );

async function seeded(count = COUNT, sample = 10) {
  T = Date.now();
  const user = freshUser();
  const { cookies } = await seedSessions(store.redis, { users: [user], count, settings, sample, clock });
  return { user, cookies: cookies.map((c) => c.cookieValue) };
}

/** A store client whose `multi().exec()` fails from the `failAt`-th call on: a sign-out interrupted half-way. */
function failingAfter(redis: Redis, failAt: number): Redis {
  let calls = 0;
  return new Proxy(redis, {
    get(target, prop, receiver) {
      if (prop === 'multi') {
        return () => {
          const tx = target.multi();
          const exec = tx.exec.bind(tx);
          return Object.assign(tx, {
            exec: (...args: Parameters<typeof exec>) => (++calls >= failAt ? Promise.reject(new Error('connection reset')) : exec(...args)),
          });
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('a user with more sessions than one batch', () => {
  it('lists them newest first, a bounded page at a time, every one exactly once, with the total', async () => {
    const { user } = await seeded();
    const seen: string[] = [];
    const created: number[] = [];
    let cursor;
    let pages = 0;
    do {
      const page = await listSessions(user.id, { clock, redis: store.redis, limit: 40, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(COUNT);
      expect(page.sessions.length).toBeLessThanOrEqual(40);
      seen.push(...page.sessions.map((s) => s.record.id));
      created.push(...page.sessions.map((s) => s.record.createdAt));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(COUNT / 40));
    expect(new Set(seen).size).toBe(COUNT);
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('pages correctly through many sessions created in the same millisecond', async () => {
    T = Date.now();
    const user = freshUser();
    await seedSessions(store.redis, { users: [user], count: 120, settings, clock: { now: () => T }, userAgent: 'burst' });
    // All 120 in the last minute but many share a millisecond (the spread is coarse for so few).
    const ids = new Set<string>();
    let cursor;
    do {
      const page = await listSessions(user.id, { clock, redis: store.redis, limit: 7, ...(cursor ? { cursor } : {}) });
      for (const s of page.sessions) ids.add(s.record.id);
      cursor = page.next;
    } while (cursor);
    expect(ids.size).toBe(120);
  });

  it('drops ended sessions from the index as pages meet them', async () => {
    const { user } = await seeded(BATCH + 10, 0);
    const hashes = (await store.redis.exec<string[]>(['ZRANGE', sessionKeys.byUser(user.id), '0', '9'])) ?? [];
    await store.redis.del(...hashes.map(sessionKeys.record));
    const first = await listSessions(user.id, { clock, redis: store.redis, limit: 100 });
    let all = first.sessions.length;
    if (first.next) all += (await listSessions(user.id, { clock, redis: store.redis, limit: 100, cursor: first.next })).sessions.length;
    expect(all).toBe(BATCH);
    expect(await store.redis.zcard(sessionKeys.byUser(user.id))).toBe(BATCH);
  });

  it('moves the pre-#20 set index into the sorted one, in batches, and lists it', async () => {
    const { user } = await seeded();
    const hashes = (await store.redis.exec<string[]>(['ZRANGE', sessionKeys.byUser(user.id), '0', '-1'])) ?? [];
    await store.redis.del(sessionKeys.byUser(user.id));
    for (let i = 0; i < hashes.length; i += BATCH)
      await store.redis.sadd(sessionKeys.legacyByUser(user.id), ...(hashes.slice(i, i + BATCH) as [string]));
    const page = await listSessions(user.id, { clock, redis: store.redis });
    expect(page.total).toBe(COUNT);
    expect(await store.redis.scard(sessionKeys.legacyByUser(user.id))).toBe(0);
  });

  it('signs out everywhere: cut-off first, every session ended in batches, none spared, a later sign-in untouched', async () => {
    const { user, cookies } = await seeded();
    const result = await signOutEverywhere(user.id, config, { clock, redis: store.redis });
    expect(result.sessions).toBe(COUNT);
    expect(await store.redis.zcard(sessionKeys.byUser(user.id))).toBe(0);
    resetKnownSessions();
    for (const cookie of cookies)
      expect(await codeOf(loadSession(cookie, settings, { clock, redis: store.redis }))).toBe('session_revoked');
    T += 1;
    const later = await createSession(user, settings, { userAgent: 'after', clock, redis: store.redis });
    expect(await codeOf(loadSession(later.cookieValue, settings, { clock, redis: store.redis }))).toBe('resolved');
  });

  it('keeps the latest cut-off when sign-outs race: an earlier instant landing last never moves it back', async () => {
    const user = freshUser();
    const at = (ms: number): Clock => ({ now: () => ms });
    const base = Date.now() - 60_000;
    // In order: the later sign-out lands first, the earlier one after it.
    const later = await signOutEverywhere(user.id, config, { clock: at(base + 5_000), redis: store.redis });
    const earlier = await signOutEverywhere(user.id, config, { clock: at(base + 1_000), redis: store.redis });
    expect(later.cutoff).toBe(base + 5_000);
    expect(earlier.cutoff).toBe(base + 5_000);
    expect(Number(await store.redis.get(cutoffKey(user.id)))).toBe(base + 5_000);
    // Together: twelve sign-outs with their own instants, fired at once; the largest stays.
    const instants = Array.from({ length: 12 }, (_, i) => base + 10_000 + ((i * 7) % 12) * 100);
    await Promise.all(instants.map((ms) => signOutEverywhere(user.id, config, { clock: at(ms), redis: store.redis })));
    expect(Number(await store.redis.get(cutoffKey(user.id)))).toBe(Math.max(...instants));
  });

  it('refuses every old session from the first write even when the deletion fails half-way, and a retry finishes it', async () => {
    const { user, cookies } = await seeded();
    const broken = failingAfter(store.redis, 2);
    expect(await codeOf(signOutEverywhere(user.id, config, { clock, redis: broken }))).toBe('store_unavailable');
    const left = await store.redis.zcard(sessionKeys.byUser(user.id));
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(COUNT);
    expect(await store.redis.get(cutoffKey(user.id))).toBe(String(T));
    resetKnownSessions();
    for (const cookie of cookies)
      expect(await codeOf(loadSession(cookie, settings, { clock, redis: store.redis }))).toBe('session_revoked');
    const retry = await signOutEverywhere(user.id, config, { clock, redis: store.redis });
    expect(retry.sessions).toBe(left);
    expect(await store.redis.zcard(sessionKeys.byUser(user.id))).toBe(0);
    // Idempotent: once more finds nothing left to do.
    expect((await signOutEverywhere(user.id, config, { clock, redis: store.redis })).sessions).toBe(0);
  });

  it('ends refresh families too: an old refresh token no longer rotates', async () => {
    T = Date.now();
    const user = freshUser();
    const lifetimes = { refreshTokenTtl: 600, accessTokenTtl: 60, refreshAbsoluteTtl: 86_400 };
    const families = [];
    for (let i = 0; i < 3; i++) families.push(await startFamily(user, lifetimes, { clock, redis: store.redis }));
    const result = await signOutEverywhere(user.id, config, { clock, redis: store.redis });
    expect(result.families).toBe(3);
    for (const f of families)
      expect(await codeOf(rotate(f.token, { refreshReuseGrace: 10, refreshAbsoluteTtl: 86_400 }, { clock, redis: store.redis }))).toBe(
        'invalid_token',
      );
  });

  it('refuses a family by the cut-off alone, before its record is marked', async () => {
    T = Date.now();
    const user = freshUser();
    const family = await startFamily(
      user,
      { refreshTokenTtl: 600, accessTokenTtl: 60, refreshAbsoluteTtl: 86_400 },
      { clock, redis: store.redis },
    );
    await store.redis.set(cutoffKey(user.id), String(T), { px: 60_000 });
    expect(await codeOf(rotate(family.token, { refreshReuseGrace: 10, refreshAbsoluteTtl: 86_400 }, { clock, redis: store.redis }))).toBe(
      'invalid_token',
    );
  });
});

describe('SESSION_MAX_PER_USER', () => {
  it('brings a user far over the cap back to it, ending the least recently used', async () => {
    const { user } = await seeded();
    // The newest ten are used now; they must survive.
    const newest = (await listSessions(user.id, { clock, redis: store.redis, limit: 10 })).sessions;
    T += 5_000;
    resetKnownSessions();
    for (const s of newest) await store.redis.set(sessionKeys.seen(s.hash), String(T), { px: 600_000 });
    expect(await enforceSessionCap(user.id, 50, { clock, redis: store.redis })).toBe(COUNT - 50);
    const left = await listSessions(user.id, { clock, redis: store.redis, limit: 100 });
    expect(left.total).toBe(50);
    expect(left.sessions.map((s) => s.record.id)).toEqual(expect.arrayContaining(newest.map((s) => s.record.id)));
  });

  it('ends the least recently used one when a sign-in goes beyond the cap', async () => {
    T = Date.now();
    const user = freshUser();
    const created = [];
    for (let i = 0; i < 3; i++) {
      T += 1_000;
      created.push(await createSession(user, settings, { userAgent: `d${i}`, clock, redis: store.redis, maxPerUser: 3 }));
    }
    T += 1_000;
    resetKnownSessions();
    // The oldest is used now; the second is the least recently used.
    const oldest = await loadSession(created[0]!.cookieValue, settings, { clock, redis: store.redis });
    await store.redis.set(sessionKeys.seen(oldest.hash), String(T), { px: 600_000 });
    T += 1_000;
    await createSession(user, settings, { userAgent: 'd3', clock, redis: store.redis, maxPerUser: 3 });
    resetKnownSessions();
    const codes = [];
    for (const c of created) codes.push(await codeOf(loadSession(c.cookieValue, settings, { clock, redis: store.redis })));
    expect(codes).toEqual(['resolved', 'session_revoked', 'resolved']);
  });
});

describe('signOutEverywhere and device cookies', () => {
  it('takes back the device cookies of a demo or a throwaway user issued until then (outside check "final", O1)', async () => {
    const limits = config;
    for (const [userId, username] of [
      ['u_bob', 'bob'],
      ['u_tmp_0123abcd', 'tmp-0123abcd'],
    ] as const) {
      T = Date.now();
      const issuedAt = Math.floor(T / 1000) - 5;
      const device = { deviceId: 'd'.repeat(22), issuedAt };
      const before = await deviceLockedOut(username, device, limits, store.redis);
      await signOutEverywhere(userId, config, { clock, redis: store.redis });
      expect([before, await deviceLockedOut(username, device, limits, store.redis)], userId).toEqual([false, true]);
      // A device cookie issued after the sign-out is trusted again.
      expect(await deviceLockedOut(username, { ...device, issuedAt: issuedAt + 60 }, limits, store.redis)).toBe(false);
    }
  });
});
