// Cookie sessions: create, load (one store round trip), touch, and end server-side session records.
// Runtime: edge and Node. The sealed cookie carries the random session id and the user id; all state is in the store.
import { sealData, unsealData } from 'iron-session';
import { z } from 'zod';
import { iso, systemClock, type Clock } from '../clock';
import { AuthError } from '../http/errors';
import { randomId, secretHash } from '../http/ids';
import type { Laps } from '../http/server-timing';
import { withStore } from '../store/client';
import type { Redis } from '@upstash/redis';
import type { SessionInfo } from './identity';
import { cutoffKey, isCutOff, parseCutoff, readCutoff } from './revocation';
import { KnownSessions, type KnownSession } from './session-cache';
import { TRANSPORTS, type Transport } from './transport/transport';
import { BATCH, allEntries, migrateLegacy, readNewest, readOldest, type PageCursor, type UserIndex } from './user-index';
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

/**
 * The user id rides along (since #20) so the lookup reads the user's revocation cut-off in the same
 * round trip; cookies sealed before carry only `sid` and cost one more read.
 */
const SealContents = z.object({ sid: z.string().min(16).max(128), uid: z.string().min(1).max(128).optional() });

const keys = {
  record: (hash: string) => `sess:${hash}`,
  /** Last-seen time in its own key, so a touch can never resurrect a revoked record. */
  seen: (hash: string) => `sess:${hash}:seen`,
  /** The user's sessions: a sorted set, record hash -> createdAt. */
  byUser: (userId: string) => `user:${userId}:session-index`,
  /** The unordered set of the same, as written before #20; migrated into `byUser` as met. */
  legacyByUser: (userId: string) => `user:${userId}:sessions`,
};

function sessionIndex(userId: string): UserIndex {
  return {
    key: keys.byUser(userId),
    legacyKey: keys.legacyByUser(userId),
    createdAt: async (redis, hashes) => {
      const raw = await redis.mget<(string | null)[]>(...hashes.map(keys.record));
      return raw.map((value) => {
        const record = parseRecord(value);
        return record && record.userId === userId ? record.createdAt : undefined;
      });
    },
  };
}

function parseRecord(raw: string | null | undefined): SessionRecord | undefined {
  if (raw === null || raw === undefined) return undefined;
  const parsed = SessionRecordSchema.safeParse(safeJson(raw));
  return parsed.success ? parsed.data : undefined;
}

/** The store keys of one session, for tools that write sessions in bulk (scripts/seed.ts) in the app's exact format. */
export const sessionKeys = keys;

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
  options: {
    userAgent: string;
    clock?: Clock;
    redis?: Redis;
    transport?: Transport;
    maxPerUser?: number;
    /** Runs the cap's trimming after the answer (a user with a backlog of old sessions signs in at once). */
    defer?: (work: Promise<unknown>) => void;
  },
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
    tx.zadd(keys.byUser(user.id), { score: now, member: hash });
    // NX gives a new set its TTL; GT only ever lengthens an existing one.
    tx.pexpire(keys.byUser(user.id), absoluteMs, 'NX');
    tx.pexpire(keys.byUser(user.id), absoluteMs, 'GT');
    await tx.exec();
  }, options.redis);
  if (options.maxPerUser !== undefined) {
    const trim = enforceSessionCap(user.id, options.maxPerUser, { clock, ...redisOption(options.redis) });
    if (options.defer) options.defer(trim.catch((error: unknown) => console.error('[authlab] SESSION_MAX_PER_USER trim failed', error)));
    else await trim;
  }
  const cookieValue = await sealData(
    { sid, uid: user.id },
    { password: settings.sessionPassword, ttl: settings.absoluteTtl + EXPLAIN_WINDOW_SECONDS },
  );
  const headerSecret = transport === 'header' ? sid : pairSecret;
  return { cookieValue, record, info: describeSession(record, now), ...(headerSecret ? { headerSecret } : {}) };
}

const redisOption = (redis: Redis | undefined) => (redis ? { redis } : {});

/** Reads the session id out of a cookie; `undefined` for anything tampered, foreign or expired. */
export async function unsealSessionId(cookieValue: string, sessionPassword: string): Promise<string | undefined> {
  return (await unsealSession(cookieValue, sessionPassword))?.sid;
}

/**
 * The one spelling of an iron-session seal: `Fe26.2` and seven `*`-separated base64url or decimal parts,
 * then `~2`. The seal's HMAC covers everything but that `~2` suffix, which the library reads with
 * parseInt (so `~2x` would pass): one cookie must not have many spellings (session cache, tossing).
 */
const SEAL_SPELLING = /^Fe26\.2(\*[0-9A-Za-z_-]*){7}~2$/;

/** The session id and (for cookies sealed since #20) the user id; `undefined` for anything tampered, foreign or expired. */
async function unsealSession(cookieValue: string, sessionPassword: string): Promise<{ sid: string; uid?: string } | undefined> {
  if (cookieValue.length > MAX_SESSION_COOKIE_LENGTH || !SEAL_SPELLING.test(cookieValue)) return undefined;
  try {
    // No ttl check here: the seal's own expiry is checked, and the store record is the authority.
    const data = await unsealData(cookieValue, { password: sessionPassword, ttl: 0 });
    const parsed = SealContents.safeParse(data);
    if (!parsed.success) return undefined;
    return parsed.data.uid === undefined ? { sid: parsed.data.sid } : { sid: parsed.data.sid, uid: parsed.data.uid };
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
  const sealed: { sid: string; uid?: string } | undefined =
    typeof key === 'string' ? await unsealSession(key, password) : { sid: key.sessionId };
  if (!sealed) throw invalidCookie();
  const hash = await secretHash(sealed.sid);
  // A bare id has no seal expiry of its own: the store record is the only authority on its lifetime.
  const remembered = known.remember(
    memoKey(key),
    password,
    hash,
    sealed.uid,
    typeof key === 'string' ? undefined : Number.MAX_SAFE_INTEGER,
  );
  return { entry: remembered ?? { hash, sealExpiresAt: 0, ...(sealed.uid === undefined ? {} : { userId: sealed.uid }) }, cached: false };
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
  const { hash, userId } = entry;
  const now = clock.now();
  const writeTtl = writeAlongTtl(entry, now);
  // The user's revocation cut-off is read in the same MGET when the cookie names the user.
  const reads = userId === undefined ? [keys.record(hash), keys.seen(hash)] : [keys.record(hash), keys.seen(hash), cutoffKey(userId)];
  const [rawRecord = null, rawSeen = null, rawCutoff] = await withStore(async (redis) => {
    if (writeTtl === undefined) return redis.mget<(string | null)[]>(...reads);
    // XX: the write only refreshes a live last-seen key; it never brings an ended session back.
    const [values] = await redis
      .pipeline()
      .mget<(string | null)[]>(...reads)
      .set(keys.seen(hash), String(now), { px: writeTtl, xx: true })
      .exec<[(string | null)[], unknown]>();
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
    if (userId !== undefined && record.userId !== userId) throw invalidCookie();
    // An old cookie (no user id in its seal) costs a second read for the cut-off; a new one had it in the MGET.
    const cutoff = parseCutoff(userId === undefined ? await readCutoff(record.userId, options.redis) : rawCutoff);
    if (isCutOff(record.createdAt, cutoff)) throw new AuthError('session_revoked', revokedMessage('everywhere'));
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
    case 'everywhere':
      return 'You signed out everywhere; sign in again.';
    case 'limit':
      return 'This session was ended because you signed in on more devices than allowed; sign in again.';
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
export type EndReason = 'logout' | 'revoked' | 'replaced' | 'everywhere' | 'limit';

export async function endSession(
  hash: string,
  record: SessionRecord,
  reason: EndReason,
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<void> {
  await endSessions([{ hash, record }], reason, options);
}

/**
 * Ends up to a batch of sessions in one transaction: tombstones, last-seen keys gone, index entries
 * removed. A hash whose record is already gone only leaves the index.
 */
async function endSessions(
  sessions: Array<{ hash: string; record: SessionRecord | undefined; userId?: string }>,
  reason: EndReason,
  options: { clock?: Clock; redis?: Redis },
): Promise<void> {
  if (sessions.length === 0) return;
  const at = (options.clock ?? systemClock).now();
  await withStore(async (redis) => {
    const tx = redis.multi();
    for (const { hash, record, userId } of sessions) {
      const owner = record?.userId ?? userId;
      if (record) tx.set(keys.record(hash), JSON.stringify({ ...record, revoked: { at, reason } }), { xx: true, keepTtl: true });
      tx.del(keys.seen(hash));
      if (owner !== undefined) {
        tx.zrem(keys.byUser(owner), hash);
        tx.srem(keys.legacyByUser(owner), hash);
      }
    }
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

/** Whether a record read from the store is a live session of this user at `now`. */
function isLive(record: SessionRecord | undefined, seen: number, userId: string, now: number): record is SessionRecord {
  return (
    record !== undefined &&
    !record.revoked &&
    record.userId === userId &&
    Number.isFinite(seen) &&
    now < seen + record.idleTtl * 1000 &&
    now < record.createdAt + record.absoluteTtl * 1000
  );
}

/** Reads a batch of index entries: the live sessions among them, and the hashes that are over (the caller drops them from the index). */
async function readBatch(redis: Redis, userId: string, hashes: string[], now: number): Promise<{ live: DeviceSession[]; over: string[] }> {
  if (hashes.length === 0) return { live: [], over: [] };
  const raw = await redis.mget<(string | null)[]>(...hashes.flatMap((h) => [keys.record(h), keys.seen(h)]));
  const live: DeviceSession[] = [];
  const over: string[] = [];
  hashes.forEach((hash, i) => {
    const record = parseRecord(raw[2 * i]);
    const seen = Number(raw[2 * i + 1] ?? Number.NaN);
    if (isLive(record, seen, userId, now)) live.push({ hash, record, lastSeenAt: seen });
    else over.push(hash);
  });
  return { live, over };
}

/** Drops ended sessions from the user's index (their records are tombstones or gone already). */
async function dropFromIndex(redis: Redis, userId: string, hashes: string[]): Promise<void> {
  if (hashes.length > 0) await redis.zrem(keys.byUser(userId), ...hashes);
}

export interface SessionPage {
  sessions: DeviceSession[];
  /** Indexed sessions of the user (ended ones are dropped as pages meet them, so it can shrink). */
  total: number;
  next: PageCursor | undefined;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = BATCH;

/**
 * One page of the user's live sessions (devices), newest first, a bounded batch per round trip:
 * works for any number of sessions. Index entries found stale are dropped as they are met; entries
 * of the pre-#20 set are moved into the sorted index first.
 */
export async function listSessions(
  userId: string,
  options: { clock?: Clock; redis?: Redis; cursor?: PageCursor; limit?: number } = {},
): Promise<SessionPage> {
  const now = (options.clock ?? systemClock).now();
  const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  return withStore(async (redis) => {
    await migrateLegacy(redis, sessionIndex(userId));
    const sessions: DeviceSession[] = [];
    let cursor = options.cursor;
    let next: PageCursor | undefined;
    for (;;) {
      // One more than wanted, to know whether a next page exists.
      const wanted = limit - sessions.length + 1;
      const page = await readNewest(redis, keys.byUser(userId), cursor, wanted);
      const { live, over } = await readBatch(
        redis,
        userId,
        page.entries.map((e) => e.member),
        now,
      );
      await dropFromIndex(redis, userId, over);
      const byHash = new Map(live.map((s) => [s.hash, s]));
      let consumed: PageCursor | undefined = cursor;
      for (const entry of page.entries) {
        const session = byHash.get(entry.member);
        if (session && sessions.length === limit) {
          // A live session beyond the page: there is a next page, and it starts here.
          next = consumed;
          break;
        }
        if (session) sessions.push(session);
        // Only live entries stay in the index, so only they count towards the position.
        if (session) consumed = { score: entry.createdAt, skip: consumed && consumed.score === entry.createdAt ? consumed.skip + 1 : 1 };
      }
      if (next || !page.next) break;
      cursor = consumed;
    }
    const total = await redis.zcard(keys.byUser(userId));
    return { sessions, total, next };
  }, options.redis);
}

/** Every live session of the user, oldest first, a batch at a time, dropping stale entries as met. */
async function* liveSessions(redis: Redis, userId: string, now: number): AsyncGenerator<DeviceSession[]> {
  await migrateLegacy(redis, sessionIndex(userId));
  for await (const batch of allEntries(redis, keys.byUser(userId))) {
    const { live, over } = await readBatch(
      redis,
      userId,
      batch.map((e) => e.member),
      now,
    );
    await dropFromIndex(redis, userId, over);
    if (live.length > 0) yield live;
  }
}

/** Revokes one of the user's own sessions by its public id; `false` when the user has no such session. */
export async function revokeSessionById(
  userId: string,
  publicId: string,
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<boolean> {
  const now = (options.clock ?? systemClock).now();
  const target = await withStore(async (redis) => {
    for await (const batch of liveSessions(redis, userId, now)) {
      const found = batch.find((s) => s.record.id === publicId);
      if (found) return found;
    }
    return undefined;
  }, options.redis);
  if (!target) return false;
  await endSession(target.hash, target.record, 'revoked', options);
  return true;
}

/**
 * Keeps at most `max` live sessions for the user: beyond it, the least recently used (oldest
 * `lastSeenAt`) end, reason `limit`. Reads the index in batches, so a user far over the cap (records
 * written before it existed) is brought back under it in time proportional to the count.
 */
export async function enforceSessionCap(userId: string, max: number, options: { clock?: Clock; redis?: Redis } = {}): Promise<number> {
  const now = (options.clock ?? systemClock).now();
  const redis = options.redis;
  const count = await withStore((r) => r.zcard(keys.byUser(userId)), redis);
  const legacy = await withStore((r) => r.scard(keys.legacyByUser(userId)), redis);
  if (count + legacy <= max) return 0;
  // Keep the `max` most recently used; everything else ends. Only `max` candidates are held at once.
  const kept: DeviceSession[] = [];
  const doomed: DeviceSession[] = [];
  let ended = 0;
  await withStore(async (r) => {
    for await (const batch of liveSessions(r, userId, now)) {
      kept.push(...batch);
      if (kept.length > max) {
        kept.sort((a, b) => b.lastSeenAt - a.lastSeenAt || b.record.createdAt - a.record.createdAt);
        doomed.push(...kept.splice(max));
        while (doomed.length >= BATCH) {
          const batch = doomed.splice(0, BATCH);
          await endSessions(batch, 'limit', { ...options, redis: r });
          ended += batch.length;
        }
      }
    }
  }, redis);
  for (let i = 0; i < doomed.length; i += BATCH) await endSessions(doomed.slice(i, i + BATCH), 'limit', options);
  return ended + doomed.length;
}

/**
 * Ends every session of the user created at or before `before` (sign-out everywhere), a batch per
 * round trip, oldest first, removing each batch from the index as it ends: a retry after a failure
 * carries on where the last attempt stopped, and a session signed in after `before` is left alone.
 * Returns how many live sessions ended.
 */
export async function revokeAllSessions(
  userId: string,
  options: { clock?: Clock; redis?: Redis; before?: number; onBatch?: (ended: number) => void } = {},
): Promise<number> {
  const clock = options.clock ?? systemClock;
  const before = options.before ?? clock.now();
  let ended = 0;
  await withStore(async (redis) => {
    await migrateLegacy(redis, sessionIndex(userId));
    for (;;) {
      const batch = await readOldest(redis, keys.byUser(userId), before);
      if (batch.length === 0) return;
      const { live, over } = await readBatch(
        redis,
        userId,
        batch.map((e) => e.member),
        clock.now(),
      );
      await endSessions(
        // Ended ones (expired, or already revoked) only leave the index: their tombstones keep their reason.
        [...live.map((s) => ({ hash: s.hash, record: s.record })), ...over.map((hash) => ({ hash, record: undefined, userId }))],
        'everywhere',
        { clock, redis },
      );
      ended += live.length;
      options.onBatch?.(live.length);
    }
  }, options.redis);
  return ended;
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
