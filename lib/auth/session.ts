// Cookie sessions: create, load (one store round trip), touch, and end server-side session records.
// Runtime: edge and Node. The sealed cookie carries only the random session id; all state is in the store.
import { sealData, unsealData } from 'iron-session';
import { z } from 'zod';
import { iso, systemClock, type Clock } from '../clock';
import { AuthError } from '../http/errors';
import { randomId, secretHash } from '../http/ids';
import type { Laps } from '../http/server-timing';
import { withStore } from '../store/client';
import type { Redis } from '@upstash/redis';
import type { SessionInfo } from './identity';
import { KnownSessions, type KnownSession } from './session-cache';
import { TRANSPORTS, type Transport } from './transport/transport';
import type { User } from './users';

export { SESSION_COOKIE } from '../http/cookie-names';

/** Session ids carry 256 random bits; the store only ever sees their SHA-256. */
const SESSION_ID_BYTES = 32;

/** Cookies larger than this are refused before unsealing: a real one is about 250 bytes. */
export const MAX_SESSION_COOKIE_LENGTH = 1024;

export interface SessionSettings {
  sessionPassword: string;
  idleTtl: number;
  absoluteTtl: number;
}

const SessionRecordSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  role: z.enum(['admin', 'member']),
  createdAt: z.number(),
  idleTtl: z.number(),
  absoluteTtl: z.number(),
  userAgent: z.string(),
  revoked: z.object({ at: z.number(), reason: z.string() }).optional(),
  /** How the session's credential travels (absent: "cookie", as before transports existed). */
  transport: z.enum(TRANSPORTS).optional(),
  /** "both" (double session id): SHA-256 of the second secret, which only the page holds. */
  pairHash: z.string().optional(),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

/** The user a session belongs to, as the sign-in recorded them. */
export function sessionUser(record: SessionRecord): User {
  return { id: record.userId, username: record.username, role: record.role };
}

const SealContents = z.object({ sid: z.string().min(16).max(128) });

const keys = {
  record: (hash: string) => `sess:${hash}`,
  /** Last-seen time in its own key, so a touch can never resurrect a revoked record. */
  seen: (hash: string) => `sess:${hash}:seen`,
  byUser: (userId: string) => `user:${userId}:sessions`,
};

/**
 * The record (and the cookie) outlive the absolute timeout by this much. Validity is decided by
 * `createdAt`, not by the TTL; the extra minute only lets the server say *why* a session ended.
 */
export const EXPLAIN_WINDOW_SECONDS = 60;

/** How often `lastSeenAt` is written: at most once a minute, and ten times per idle window. */
export function touchInterval(idleTtl: number): number {
  return Math.min(60_000, (idleTtl * 1000) / 10);
}

export function describeSession(record: SessionRecord, lastSeenAt: number): SessionInfo {
  return {
    id: record.id,
    createdAt: iso(record.createdAt),
    lastSeenAt: iso(lastSeenAt),
    idleExpiresAt: iso(Math.min(lastSeenAt + record.idleTtl * 1000, record.createdAt + record.absoluteTtl * 1000)),
    absoluteExpiresAt: iso(record.createdAt + record.absoluteTtl * 1000),
  };
}

export interface CreatedSession {
  /** The sealed id: the cookie of the "cookie" and "both" transports (a "header" session sends none). */
  cookieValue: string;
  record: SessionRecord;
  info: SessionInfo;
  /** "header": the session id itself; "both": the second secret. The page sends it as a bearer token. */
  headerSecret?: string;
}

/** Starts a new session with a fresh random id: a planted or old id never carries over. */
export async function createSession(
  user: User,
  settings: SessionSettings,
  options: { userAgent: string; clock?: Clock; redis?: Redis; transport?: Transport },
): Promise<CreatedSession> {
  const clock = options.clock ?? systemClock;
  const now = clock.now();
  const sid = randomId(SESSION_ID_BYTES);
  const hash = await secretHash(sid);
  const transport = options.transport ?? 'cookie';
  // The double session id's second secret is as strong as the id and, like it, stored only as a hash.
  const pairSecret = transport === 'both' ? randomId(SESSION_ID_BYTES) : undefined;
  const record: SessionRecord = {
    v: 1,
    id: randomId(12),
    userId: user.id,
    username: user.username,
    role: user.role,
    createdAt: now,
    idleTtl: settings.idleTtl,
    absoluteTtl: settings.absoluteTtl,
    userAgent: options.userAgent.slice(0, 256),
    ...(transport === 'cookie' ? {} : { transport }),
    ...(pairSecret ? { pairHash: await secretHash(pairSecret) } : {}),
  };
  const absoluteMs = settings.absoluteTtl * 1000;
  await withStore(async (redis) => {
    const tx = redis.multi();
    tx.set(keys.record(hash), JSON.stringify(record), { px: absoluteMs + EXPLAIN_WINDOW_SECONDS * 1000 });
    tx.set(keys.seen(hash), String(now), { px: Math.min(settings.idleTtl * 1000, absoluteMs) });
    tx.sadd(keys.byUser(user.id), hash);
    // NX gives a new set its TTL; GT only ever lengthens an existing one.
    tx.pexpire(keys.byUser(user.id), absoluteMs, 'NX');
    tx.pexpire(keys.byUser(user.id), absoluteMs, 'GT');
    await tx.exec();
  }, options.redis);
  const cookieValue = await sealData({ sid }, { password: settings.sessionPassword, ttl: settings.absoluteTtl + EXPLAIN_WINDOW_SECONDS });
  const headerSecret = transport === 'header' ? sid : pairSecret;
  return { cookieValue, record, info: describeSession(record, now), ...(headerSecret ? { headerSecret } : {}) };
}

/** Reads the session id out of a cookie; `undefined` for anything tampered, foreign or expired. */
export async function unsealSessionId(cookieValue: string, sessionPassword: string): Promise<string | undefined> {
  if (cookieValue.length > MAX_SESSION_COOKIE_LENGTH) return undefined;
  try {
    // No ttl check here: the seal's own expiry is checked, and the store record is the authority.
    const data = await unsealData(cookieValue, { password: sessionPassword, ttl: 0 });
    const parsed = SealContents.safeParse(data);
    return parsed.success ? parsed.data.sid : undefined;
  } catch {
    // Some malformed seals make the library throw rather than return {}; both mean "not ours".
    return undefined;
  }
}

export interface LoadedSession {
  hash: string;
  record: SessionRecord;
  lastSeenAt: number;
  info: SessionInfo;
  /**
   * How `lastSeenAt` was kept: not due; written in the lookup's own round trip; or due but not
   * yet written (this process had not seen the session before), which `touch` then does.
   */
  lastSeenWrite: 'none' | 'with-lookup' | 'deferred';
  /** Set when `lastSeenWrite` is `deferred`; the caller runs it (awaited, or `waitUntil` at the edge). */
  touch: (() => Promise<void>) | undefined;
}

const invalidCookie = () => new AuthError('unauthenticated', 'The session cookie is not valid; sign in again.');

/** This process's memory of the cookies it has unsealed (see session-cache.ts). */
const known = new KnownSessions();

/** For tests: forget every cookie this process has unsealed. */
export function resetKnownSessions(): void {
  known.clear();
}

/**
 * The TTL for a `lastSeenAt` write that can go along with the lookup: only when this process knows
 * the session's lifetimes, the write is due, and the session is still live as far as it knows.
 */
function writeAlongTtl(entry: KnownSession, now: number): number | undefined {
  const { lifetimes, lastSeenAt } = entry;
  if (!lifetimes || lastSeenAt === undefined) return undefined;
  if (now - lastSeenAt < touchInterval(lifetimes.idleTtl)) return undefined;
  if (now >= lastSeenAt + lifetimes.idleTtl * 1000) return undefined;
  const ttl = Math.min(lifetimes.idleTtl * 1000, lifetimes.absoluteEndsAt - now);
  return ttl > 0 ? ttl : undefined;
}

/** What names a session: its sealed cookie, or (the "header" transport) the session id itself. */
export type SessionKey = string | { sessionId: string };

/** The key this process remembers a session under: the cookie value, or the id with a prefix no seal has. */
const memoKey = (key: SessionKey) => (typeof key === 'string' ? key : `id:${key.sessionId}`);

/** The store key a cookie or session id names, unsealing a cookie only the first time this process sees it. */
async function knownEntry(key: SessionKey, password: string, now: number): Promise<{ entry: KnownSession; cached: boolean }> {
  const entry = known.get(memoKey(key), password, now);
  if (entry) return { entry, cached: true };
  const sid = typeof key === 'string' ? await unsealSessionId(key, password) : key.sessionId;
  if (!sid) throw invalidCookie();
  const hash = await secretHash(sid);
  // A bare id has no seal expiry of its own: the store record is the only authority on its lifetime.
  const remembered = known.remember(memoKey(key), password, hash, typeof key === 'string' ? undefined : Number.MAX_SAFE_INTEGER);
  return { entry: remembered ?? { hash, sealExpiresAt: 0 }, cached: false };
}

/**
 * Loads the session a cookie names with one store round trip: record and last-seen read together,
 * and a due `lastSeenAt` write in the same pipeline once this process knows the session.
 * Throws 401 `session_expired`, `session_revoked` or `unauthenticated`, or 503 when the store is down.
 */
export async function loadSession(
  cookieValue: SessionKey,
  settings: Pick<SessionSettings, 'sessionPassword'>,
  options: { clock?: Clock; redis?: Redis; laps?: Laps } = {},
): Promise<LoadedSession> {
  const clock = options.clock ?? systemClock;
  const { entry, cached } = await knownEntry(cookieValue, settings.sessionPassword, clock.now());
  options.laps?.lap('unseal', typeof cookieValue !== 'string' ? 'none: a bare session id' : cached ? 'cached' : undefined);
  const { hash } = entry;
  const now = clock.now();
  const writeTtl = writeAlongTtl(entry, now);
  const [rawRecord, rawSeen] = await withStore(async (redis) => {
    if (writeTtl === undefined) return redis.mget<[string | null, string | null]>(keys.record(hash), keys.seen(hash));
    // XX: the write only refreshes a live last-seen key; it never brings an ended session back.
    const [values] = await redis
      .pipeline()
      .mget<[string | null, string | null]>(keys.record(hash), keys.seen(hash))
      .set(keys.seen(hash), String(now), { px: writeTtl, xx: true })
      .exec<[[string | null, string | null], unknown]>();
    return values;
  }, options.redis);
  options.laps?.lap('store', writeTtl === undefined ? '1 round trip' : '1 round trip, lastSeenAt written');
  const storePart = options.laps?.parts.at(-1);
  const wroteAlong = writeTtl !== undefined;
  try {
    if (rawRecord === null) throw new AuthError('session_expired', 'The session has expired; sign in again.');
    const parsed = SessionRecordSchema.safeParse(safeJson(rawRecord));
    if (!parsed.success) throw invalidCookie();
    const record = parsed.data;
    if (record.revoked) {
      throw new AuthError('session_revoked', revokedMessage(record.revoked.reason));
    }
    const lastSeenAt = rawSeen === null ? Number.NaN : Number(rawSeen);
    const absoluteEnd = record.createdAt + record.absoluteTtl * 1000;
    if (now >= absoluteEnd) throw new AuthError('session_expired', 'The session reached its absolute lifetime; sign in again.');
    if (!Number.isFinite(lastSeenAt) || now >= lastSeenAt + record.idleTtl * 1000) {
      throw new AuthError('session_expired', 'The session expired after a period without use; sign in again.');
    }
    const due = !wroteAlong && now - lastSeenAt >= touchInterval(record.idleTtl);
    const touch = due
      ? () =>
          withStore(async (redis) => {
            const ttl = Math.min(record.idleTtl * 1000, absoluteEnd - now);
            await redis.set(keys.seen(hash), String(now), { px: Math.max(1, ttl) });
          }, options.redis)
      : undefined;
    // First sight of a session in this process, with its write due: that write is a second round trip.
    if (due && storePart) storePart.desc = '2 round trips (lastSeenAt written separately)';
    const seen = wroteAlong || due ? now : lastSeenAt;
    entry.lifetimes = { idleTtl: record.idleTtl, absoluteEndsAt: absoluteEnd };
    entry.lastSeenAt = Math.max(entry.lastSeenAt ?? 0, seen);
    return {
      hash,
      record,
      lastSeenAt: seen,
      info: describeSession(record, seen),
      lastSeenWrite: wroteAlong ? 'with-lookup' : due ? 'deferred' : 'none',
      touch,
    };
  } catch (error) {
    known.forget(memoKey(cookieValue));
    // A write that went along with a lookup that found the session over is taken back, so a clock
    // difference between this process and the store can never stretch an ended session.
    if (wroteAlong) await withStore((redis) => redis.del(keys.seen(hash)), options.redis).catch(() => undefined);
    throw error;
  }
}

function revokedMessage(reason: string): string {
  switch (reason) {
    case 'logout':
      return 'This session was signed out; sign in again.';
    case 'replaced':
      return 'This session was replaced by a newer sign-in on this browser.';
    default:
      return 'This session was revoked from another device; sign in again.';
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * Ends a session server-side. The record becomes a tombstone for the rest of its lifetime, so a
 * copied cookie answers `session_revoked` (not merely "expired"), and the last-seen key goes.
 */
export async function endSession(
  hash: string,
  record: SessionRecord,
  reason: 'logout' | 'revoked' | 'replaced',
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<void> {
  const clock = options.clock ?? systemClock;
  const tombstone: SessionRecord = { ...record, revoked: { at: clock.now(), reason } };
  await withStore(async (redis) => {
    const tx = redis.multi();
    tx.set(keys.record(hash), JSON.stringify(tombstone), { xx: true, keepTtl: true });
    tx.del(keys.seen(hash));
    tx.srem(keys.byUser(record.userId), hash);
    await tx.exec();
  }, options.redis);
}

/** Ends the session a cookie (or a bare session id) names, if it is still live; `false` when there was nothing to end. */
export async function endSessionByCookie(
  cookieValue: SessionKey,
  settings: Pick<SessionSettings, 'sessionPassword'>,
  reason: 'logout' | 'replaced',
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<boolean> {
  const sid = typeof cookieValue === 'string' ? await unsealSessionId(cookieValue, settings.sessionPassword) : cookieValue.sessionId;
  if (!sid) return false;
  const hash = await secretHash(sid);
  const raw = await withStore((redis) => redis.get<string>(keys.record(hash)), options.redis);
  const parsed = raw === null ? undefined : SessionRecordSchema.safeParse(safeJson(raw));
  if (!parsed?.success || parsed.data.revoked) return false;
  await endSession(hash, parsed.data, reason, options);
  return true;
}

export interface DeviceSession {
  hash: string;
  record: SessionRecord;
  lastSeenAt: number;
}

/** The user's live sessions (devices), newest first; stale index entries are dropped as they are found. */
export async function listSessions(userId: string, options: { clock?: Clock; redis?: Redis } = {}): Promise<DeviceSession[]> {
  const now = (options.clock ?? systemClock).now();
  return withStore(async (redis) => {
    const hashes = await redis.smembers(keys.byUser(userId));
    if (hashes.length === 0) return [];
    const raw = await redis.mget<(string | null)[]>(...hashes.flatMap((h) => [keys.record(h), keys.seen(h)]));
    const live: DeviceSession[] = [];
    const stale: string[] = [];
    hashes.forEach((hash, i) => {
      const parsed = raw[2 * i] == null ? undefined : SessionRecordSchema.safeParse(safeJson(raw[2 * i] as string));
      const seen = Number(raw[2 * i + 1]);
      const record = parsed?.success ? parsed.data : undefined;
      const alive =
        record &&
        !record.revoked &&
        record.userId === userId &&
        Number.isFinite(seen) &&
        now < seen + record.idleTtl * 1000 &&
        now < record.createdAt + record.absoluteTtl * 1000;
      if (alive) live.push({ hash, record, lastSeenAt: seen });
      else stale.push(hash);
    });
    if (stale.length > 0) await redis.srem(keys.byUser(userId), ...stale);
    return live.sort((a, b) => b.record.createdAt - a.record.createdAt);
  }, options.redis);
}

/** Revokes one of the user's own sessions by its public id; `false` when the user has no such session. */
export async function revokeSessionById(
  userId: string,
  publicId: string,
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<boolean> {
  const target = (await listSessions(userId, options)).find((s) => s.record.id === publicId);
  if (!target) return false;
  await endSession(target.hash, target.record, 'revoked', options);
  return true;
}

/** Revokes every session of the user ("sign out everywhere"); returns how many ended. */
export async function revokeAllSessions(userId: string, options: { clock?: Clock; redis?: Redis } = {}): Promise<number> {
  const sessions = await listSessions(userId, options);
  for (const s of sessions) await endSession(s.hash, s.record, 'revoked', options);
  return sessions.length;
}

/** The store's view of a session, for the inspector: remaining TTLs. Costs one round trip. */
export async function inspectSession(
  hash: string,
  options: { redis?: Redis } = {},
): Promise<{ recordTtlMs: number; seenTtlMs: number; sidBits: number }> {
  const [recordTtlMs, seenTtlMs] = await withStore(async (redis) => {
    const p = redis.pipeline();
    p.pttl(keys.record(hash));
    p.pttl(keys.seen(hash));
    return (await p.exec()) as [number, number];
  }, options.redis);
  return { recordTtlMs, seenTtlMs, sidBits: SESSION_ID_BYTES * 8 };
}
