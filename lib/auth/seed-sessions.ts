// Bulk sessions for tests and benches: the app's exact record format, index and TTLs, written in pipelined batches.
// Runtime: Node (scripts/seed.ts, tests). Never reached from a route: it signs nobody in, it only fills a store.
import type { Redis } from '@upstash/redis';
import { sealData } from 'iron-session';
import { systemClock, type Clock } from '../clock';
import { randomId, secretHash } from '../http/ids';
import { EXPLAIN_WINDOW_SECONDS, sessionKeys, type SessionRecord, type SessionSettings } from './session';
import type { User } from './users';

/** Sessions per pipeline: about 500 bytes each on the wire, so a batch stays well under the built-in store's 1 MiB body limit. */
export const SEED_BATCH = 500;
/** Pipelines in flight at once. */
const IN_FLIGHT = 4;

export interface SeedOptions {
  /** Whose sessions: one user gets them all, several share them round-robin. */
  users: readonly User[];
  count: number;
  settings: SessionSettings;
  /** How many sealed cookies to hand back (spread over the whole run), for checks that they work or are refused. */
  sample?: number;
  clock?: Clock;
  userAgent?: string;
  /** Called after each batch with the running total. */
  onProgress?: (written: number) => void;
}

export interface SeedResult {
  written: number;
  cookies: Array<{ userId: string; cookieValue: string }>;
}

/**
 * Writes `count` live sessions, exactly as `createSession` would (record, last-seen key, the user's
 * sorted index with its TTL), created over the last minute or so, last seen now. They are valid for
 * the running app: a sampled cookie signs in, lists, and is refused after sign-out everywhere.
 */
export async function seedSessions(redis: Redis, options: SeedOptions): Promise<SeedResult> {
  const clock = options.clock ?? systemClock;
  const { settings, users, count } = options;
  if (users.length === 0) throw new Error('seedSessions needs at least one user');
  const now = clock.now();
  const absoluteMs = settings.absoluteTtl * 1000;
  const spreadMs = Math.min(60_000, absoluteMs / 2, settings.idleTtl * 500);
  const sampleEvery = options.sample ? Math.max(1, Math.floor(count / options.sample)) : 0;
  const cookies: SeedResult['cookies'] = [];
  let written = 0;

  const writeBatch = async (from: number, to: number) => {
    const p = redis.pipeline();
    const byUser = new Map<string, Array<{ score: number; member: string }>>();
    for (let i = from; i < to; i++) {
      const user = users[i % users.length] as User;
      const sid = randomId(32);
      const hash = await secretHash(sid);
      const createdAt = now - Math.floor(((count - i) * spreadMs) / count);
      const record: SessionRecord = {
        v: 1,
        id: randomId(12),
        userId: user.id,
        username: user.username,
        role: user.role,
        createdAt,
        idleTtl: settings.idleTtl,
        absoluteTtl: settings.absoluteTtl,
        userAgent: options.userAgent ?? `authlab-seed/${i}`,
      };
      const recordTtl = createdAt + absoluteMs + EXPLAIN_WINDOW_SECONDS * 1000 - now;
      p.set(sessionKeys.record(hash), JSON.stringify(record), { px: recordTtl });
      p.set(sessionKeys.seen(hash), String(now), { px: Math.min(settings.idleTtl * 1000, createdAt + absoluteMs - now) });
      const list = byUser.get(user.id) ?? [];
      list.push({ score: createdAt, member: hash });
      byUser.set(user.id, list);
      if (sampleEvery && i % sampleEvery === 0 && cookies.length < (options.sample ?? 0)) {
        const ttl = Math.ceil(recordTtl / 1000);
        cookies.push({ userId: user.id, cookieValue: await sealData({ sid, uid: user.id }, { password: settings.sessionPassword, ttl }) });
      }
    }
    for (const [userId, members] of byUser) {
      const [first, ...rest] = members;
      if (!first) continue;
      p.zadd(sessionKeys.byUser(userId), first, ...rest);
      p.pexpire(sessionKeys.byUser(userId), absoluteMs, 'NX');
      p.pexpire(sessionKeys.byUser(userId), absoluteMs, 'GT');
    }
    await p.exec();
    written += to - from;
    options.onProgress?.(written);
  };

  let next = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + SEED_BATCH);
      await writeBatch(from, next);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { written, cookies };
}
