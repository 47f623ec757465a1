// Refresh tokens: opaque, stored as hashes, rotated on every use within a family, with reuse detection.
// Runtime: Node (route handlers). One successor per token; a rotated token used again after the grace revokes its family.
import type { Redis } from '@upstash/redis';
import { base64url } from 'jose';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { AuthError } from '../http/errors';
import { randomId, secretHash } from '../http/ids';
import { withStore } from '../store/client';
import { familyEndKey, familyEndTtlMs } from './denylist';
import { cutoffKey, isCutOff, parseCutoff } from './revocation';
import { TRANSPORTS, type Transport } from './transport/transport';
import { BATCH, allEntries, migrateLegacy, readOldest, type UserIndex } from './user-index';
import type { User } from './users';

export { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '../http/cookie-names';

/** The lifetimes a family was started with; kept in the family so demo speed lasts through rotation. */
export interface FamilyLifetimes {
  refreshTokenTtl: number;
  accessTokenTtl: number;
}

export interface RefreshSettings {
  refreshReuseGrace: number;
  /** A family's absolute lifetime from sign-in, s (REFRESH_ABSOLUTE_TTL); for families stored without their end. */
  refreshAbsoluteTtl: number;
}

const TokenRecord = z.object({
  v: z.literal(1),
  family: z.string(),
  user: z.object({ id: z.string(), username: z.string(), role: z.enum(['admin', 'member']) }),
  issuedAt: z.number(),
});
const FamilyRecord = z.object({
  v: z.literal(1),
  id: z.string(),
  userId: z.string(),
  createdAt: z.number(),
  lifetimes: z.object({ refreshTokenTtl: z.number(), accessTokenTtl: z.number() }),
  /** When the family ends however often it rotates (sign-in + REFRESH_ABSOLUTE_TTL), ms; absent in older records. */
  endsAt: z.number().optional(),
  revoked: z.object({ at: z.number(), reason: z.enum(['reuse', 'revoked', 'signed_out_everywhere']) }).optional(),
  /** Where the family's access tokens travel, so a rotation answers in the transport of the sign-in (absent: header). */
  transport: z.enum(TRANSPORTS).optional(),
});
type FamilyRecord = z.infer<typeof FamilyRecord>;
type FamilyEndReason = NonNullable<FamilyRecord['revoked']>['reason'];

const keys = {
  token: (hash: string) => `rt:${hash}`,
  /** Set once, atomically (SET NX), by the one request that rotates the token: when, and its successor sealed. */
  used: (hash: string) => `rt:${hash}:used`,
  family: (id: string) => `rtf:${id}`,
  /** The user's families: a sorted set, family id -> createdAt (since #20). */
  byUser: (userId: string) => `user:${userId}:family-index`,
  /** The unordered set of the same, as written before #20; migrated into `byUser` as met. */
  legacyByUser: (userId: string) => `user:${userId}:families`,
};

function familyIndex(userId: string): UserIndex {
  return {
    key: keys.byUser(userId),
    legacyKey: keys.legacyByUser(userId),
    createdAt: async (redis, ids) => {
      const raw = await redis.mget<(string | null)[]>(...ids.map(keys.family));
      return raw.map((value) => parse(FamilyRecord, value)?.createdAt);
    },
  };
}

export interface IssuedRefresh {
  token: string;
  family: string;
  expiresIn: number;
  /** The access-token lifetime of this family. */
  accessTokenTtl: number;
  /** Where this family's access tokens travel; absent means "header", the default. */
  transport?: Transport;
}

const parse = <T>(schema: z.ZodType<T>, raw: string | null): T | undefined => {
  if (raw === null) return undefined;
  try {
    const r = schema.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
};

type Transaction = ReturnType<Redis['multi']>;

/**
 * The writes that end a family (run inside the caller's transaction): the record marked revoked, so no
 * refresh token of it rotates again, and the family's end key, so every access token minted from it
 * (they carry the family as `sid`) is refused by the denylist check from now on. The key lives until
 * the last of those tokens could no longer be accepted anyway (see `familyEndTtlMs`).
 */
function recordEnd(tx: Transaction, id: string, family: FamilyRecord, reason: FamilyEndReason, now: number): void {
  tx.set(keys.family(id), JSON.stringify({ ...family, revoked: { at: now, reason } }), { xx: true, keepTtl: true });
  tx.set(familyEndKey(id), reason, { px: familyEndTtlMs(family.lifetimes.accessTokenTtl) });
}

/** A new refresh token of the family, and the writes that record it (run inside the caller's transaction). */
async function prepareMint(
  user: User,
  family: string,
  lifetimes: FamilyLifetimes,
  now: number,
  endsAt: number,
): Promise<{ issued: IssuedRefresh; hash: string; record: (tx: Transaction) => void }> {
  const token = randomId(32);
  const hash = await secretHash(token);
  // Sliding expiry inside the absolute one: no token (nor its cookie) outlives the family's end.
  const expiresIn = Math.max(1, Math.min(lifetimes.refreshTokenTtl, Math.floor((endsAt - now) / 1000)));
  const ttlMs = expiresIn * 1000;
  const stored = { v: 1, family, user: { id: user.id, username: user.username, role: user.role }, issuedAt: now };
  const record = (tx: Transaction) => {
    tx.set(keys.token(hash), JSON.stringify(stored), { px: ttlMs });
    // The family lives as long as its newest token.
    tx.pexpire(keys.family(family), ttlMs, 'GT');
    // NX: the score stays the family's first mint, its creation.
    tx.zadd(keys.byUser(user.id), { nx: true }, { score: now, member: family });
    // NX gives a new set its TTL; GT only ever lengthens an existing one.
    tx.pexpire(keys.byUser(user.id), ttlMs, 'NX');
    tx.pexpire(keys.byUser(user.id), ttlMs, 'GT');
  };
  return { issued: { token, family, expiresIn, accessTokenTtl: accessTtlWithin(lifetimes, now, endsAt) }, hash, record };
}

/** An access token minted from a family never outlives it: a throwaway user's, or one near REFRESH_ABSOLUTE_TTL. */
function accessTtlWithin(lifetimes: FamilyLifetimes, now: number, endsAt: number): number {
  return Math.max(1, Math.min(lifetimes.accessTokenTtl, Math.floor((endsAt - now) / 1000)));
}

async function mint(
  user: User,
  family: string,
  lifetimes: FamilyLifetimes,
  now: number,
  endsAt: number,
  redis?: Redis,
): Promise<IssuedRefresh> {
  const { issued, record } = await prepareMint(user, family, lifetimes, now, endsAt);
  await withStore(async (r) => {
    const tx = r.multi();
    record(tx);
    await tx.exec();
  }, redis);
  return issued;
}

/**
 * Starts a new refresh family at sign-in. It ends `refreshAbsoluteTtl` seconds from now however often it
 * rotates, or at `notAfter` (ms) if that is sooner: a throwaway user's family ends with the user.
 */
export async function startFamily(
  user: User,
  lifetimes: FamilyLifetimes & { refreshAbsoluteTtl: number },
  options: {
    clock?: Clock;
    redis?: Redis;
    notAfter?: number;
    transport?: Transport;
    maxPerUser?: number;
    /** Runs the cap's trimming after the answer (see createSession). */
    defer?: (work: Promise<unknown>) => void;
  } = {},
): Promise<IssuedRefresh> {
  const now = (options.clock ?? systemClock).now();
  // Its form is SID_PATTERN (jwt.ts): access tokens carry it as `sid`, and verification refuses any other.
  const id = randomId(12);
  const transport = options.transport && options.transport !== 'header' ? { transport: options.transport } : {};
  const endsAt = Math.min(now + lifetimes.refreshAbsoluteTtl * 1000, options.notAfter ?? Number.POSITIVE_INFINITY);
  const family: FamilyRecord = {
    v: 1,
    id,
    userId: user.id,
    createdAt: now,
    lifetimes: { refreshTokenTtl: lifetimes.refreshTokenTtl, accessTokenTtl: lifetimes.accessTokenTtl },
    ...transport,
    endsAt,
  };
  const ttlMs = Math.max(1, Math.min(lifetimes.refreshTokenTtl * 1000, endsAt - now));
  await withStore(async (r) => {
    const tx = r.multi();
    tx.set(keys.family(id), JSON.stringify(family), { px: ttlMs });
    await tx.exec();
  }, options.redis);
  const issued = { ...(await mint(user, id, family.lifetimes, now, endsAt, options.redis)), ...transport };
  if (options.maxPerUser !== undefined) {
    const trim = enforceFamilyCap(user.id, options.maxPerUser, options);
    if (options.defer) options.defer(trim.catch((error: unknown) => console.error('[authlab] SESSION_MAX_PER_USER trim failed', error)));
    else await trim;
  }
  return issued;
}

const SUCCESSOR_INFO = new TextEncoder().encode('authlab refresh successor v1');

/**
 * The AES-GCM key that seals a token's successor, derived (HKDF) from the token itself: whoever holds
 * the token may read its successor from the store, a copy of the store alone reads nothing.
 */
async function successorKey(token: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', new TextEncoder().encode(token), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: SUCCESSOR_INFO },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function sealSuccessor(successor: string, token: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await successorKey(token), new TextEncoder().encode(successor));
  return `${base64url.encode(iv)}.${base64url.encode(new Uint8Array(sealed))}`;
}

async function unsealSuccessor(sealed: string, token: string): Promise<string | undefined> {
  const [iv, data] = sealed.split('.');
  if (!iv || !data) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: new Uint8Array(base64url.decode(iv)) },
      await successorKey(token),
      new Uint8Array(base64url.decode(data)),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}

/** What the `used` key holds: when the token was rotated and its one successor, sealed. */
const UsedRecord = z.object({ at: z.number(), successor: z.string() });

const unknownToken = () => new AuthError('invalid_token', 'The refresh token is unknown or has expired; sign in again.');

/**
 * Rotates a refresh token. Exactly one caller wins the atomic claim and records the successor (sealed)
 * with it; every other use within the grace window (two tabs racing, a retry) gets that same successor,
 * so a family never forks into two live chains; any later use revokes the whole family.
 */
export async function rotate(
  token: string,
  settings: RefreshSettings,
  options: {
    clock?: Clock;
    redis?: Redis;
    /**
     * Checks, before anything is done with the token, that the request may use this family's token (the cookie's
     * companion, refresh-binding.ts), and throws if not: an unbound token is neither rotated nor taken for a reuse.
     */
    assertBound?: (family: string) => void;
  } = {},
): Promise<{ user: User; refresh: IssuedRefresh }> {
  const now = (options.clock ?? systemClock).now();
  if (token.length > 128) throw unknownToken();
  const hash = await secretHash(token);
  const record = parse(TokenRecord, await withStore((r) => r.get<string>(keys.token(hash)), options.redis));
  if (!record) throw unknownToken();
  options.assertBound?.(record.family);
  // The user's revocation cut-off comes along in the same read: sign-out everywhere ends the family at once.
  const [rawFamily = null, rawCutoff = null] = await withStore(
    (r) => r.mget<(string | null)[]>(keys.family(record.family), cutoffKey(record.user.id)),
    options.redis,
  );
  const family = parse(FamilyRecord, rawFamily);
  if (!family) throw unknownToken();
  if (family.revoked) throw familyRevoked(family.revoked.reason);
  if (isCutOff(family.createdAt, parseCutoff(rawCutoff))) throw familyRevoked('signed_out_everywhere');
  const endsAt = family.endsAt ?? family.createdAt + settings.refreshAbsoluteTtl * 1000;
  if (now >= endsAt) throw absoluteEnd();
  const next = await prepareMint(record.user, record.family, family.lifetimes, now, endsAt);
  const used = JSON.stringify({ at: now, successor: await sealSuccessor(next.issued.token, token) });
  // The claim and the new token go in one transaction: a store failing between two separate writes
  // could leave this token spent with no successor, and the client's retry would look like theft.
  const previousUse = await withStore(async (r) => {
    const tx = r.multi();
    tx.set(keys.used(hash), used, { nx: true, get: true, px: Math.max(1, endsAt - now) });
    next.record(tx);
    const [claim] = (await tx.exec()) as [string | null, ...unknown[]];
    return claim;
  }, options.redis);
  const transport = family.transport ? { transport: family.transport } : {};
  if (previousUse === null) return { user: record.user, refresh: { ...next.issued, ...transport } };
  // Lost the claim: the candidate just written was never handed out; drop it (unreachable either way).
  await withStore((r) => r.del(keys.token(next.hash)), options.redis).catch(() => undefined);
  const previous = parse(UsedRecord, previousUse);
  // Within the grace a second use (two tabs racing) gets the winner's successor; a grace of 0 lets none
  // through. The distance counts either way: a racer that read the clock earlier may still claim later
  // (another instance, a slower request), and a negative difference must not pass for "within the grace".
  const withinGrace = previous !== undefined && Math.abs(now - previous.at) < settings.refreshReuseGrace * 1000;
  if (!withinGrace) {
    await revokeFamily(record.family, 'reuse', options);
    throw familyRevoked('reuse');
  }
  const successor = await unsealSuccessor(previous.successor, token);
  if (!successor) throw unknownToken();
  const expiresIn = Math.max(1, Math.min(family.lifetimes.refreshTokenTtl, Math.floor((endsAt - now) / 1000)));
  return {
    user: record.user,
    refresh: {
      token: successor,
      family: record.family,
      expiresIn,
      accessTokenTtl: accessTtlWithin(family.lifetimes, now, endsAt),
      ...transport,
    },
  };
}

const absoluteEnd = () =>
  new AuthError('invalid_token', 'This sign-in reached its absolute lifetime (REFRESH_ABSOLUTE_TTL); sign in again.');

function familyRevoked(reason: string): AuthError {
  if (reason === 'signed_out_everywhere') {
    return new AuthError('invalid_token', 'You signed out everywhere; sign in again.');
  }
  if (reason === 'reuse') {
    // True whichever the denylist setting: only the check makes access tokens end before their expiry.
    return new AuthError(
      'refresh_token_reused',
      'A refresh token was used twice, which signals theft: this sign-in has ended, its refresh tokens at once, ' +
        'its access tokens at once while the denylist check is on, else at their expiry; sign in again.',
    );
  }
  return new AuthError('invalid_token', 'This sign-in was revoked; sign in again.');
}

/**
 * Ends a family: none of its refresh tokens, the newest included, rotates again, and (while the
 * denylist check is on) none of the access tokens it minted is accepted again. Both in one transaction.
 * A family already ended wrote its end key when it ended; one whose record is gone has no refresh
 * token left to end, and is not written for (its access tokens live until their expiry).
 */
export async function revokeFamily(
  familyId: string,
  reason: FamilyEndReason,
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<void> {
  const now = (options.clock ?? systemClock).now();
  await withStore(async (r) => {
    const raw = await r.get<string>(keys.family(familyId));
    const family = parse(FamilyRecord, raw);
    if (!family || family.revoked) return;
    const tx = r.multi();
    recordEnd(tx, familyId, family, reason, now);
    await tx.exec();
  }, options.redis);
}

/**
 * The family and user a refresh token belongs to, if the token is known; `stale` when it was already
 * rotated: such a token speaks for its own family at most, never for the user (see revoke).
 */
/**
 * Whom a refresh token speaks for, for `POST /api/token/revoke`: its family and user; `stale` when it
 * was already rotated, `ended` when its family can't rotate again (revoked, ended for reuse, under its
 * user's sign-out-everywhere cut-off, past its absolute end, or gone). Neither a stale nor an ended
 * token may act for its user: a credential the user has taken back can't sign them out everywhere.
 */
export async function ownerOf(
  token: string,
  redis?: Redis,
  now: number = Date.now(),
): Promise<{ family: string; userId: string; stale: boolean; ended: boolean } | undefined> {
  if (token.length > 128) return undefined;
  const hash = await secretHash(token);
  const [raw, used] = await withStore(async (r) => {
    const p = r.pipeline();
    p.get(keys.token(hash));
    p.get(keys.used(hash));
    return (await p.exec()) as [string | null, string | null];
  }, redis);
  const record = parse(TokenRecord, raw);
  if (!record) return undefined;
  const [rawFamily = null, rawCutoff = null] = await withStore(
    (r) => r.mget<(string | null)[]>(keys.family(record.family), cutoffKey(record.user.id)),
    redis,
  );
  const family = parse(FamilyRecord, rawFamily);
  const ended =
    !family ||
    family.revoked !== undefined ||
    isCutOff(family.createdAt, parseCutoff(rawCutoff)) ||
    (family.endsAt !== undefined && now >= family.endsAt);
  return { family: record.family, userId: record.user.id, stale: used !== null, ended };
}

/**
 * Marks a batch of families revoked and writes their end keys (one read, one transaction) and drops
 * them from the user's index. For sign out everywhere the user's cut-off already refuses the access
 * tokens; the end keys are written anyway, so "an ended family's access tokens are refused" holds
 * whatever ended it, also for a token a racing refresh signed just after the cut-off (bounded writes).
 */
async function revokeFamilies(
  redis: Redis,
  userId: string,
  ids: string[],
  reason: 'revoked' | 'signed_out_everywhere',
  now: number,
): Promise<number> {
  if (ids.length === 0) return 0;
  const raw = await redis.mget<(string | null)[]>(...ids.map(keys.family));
  const tx = redis.multi();
  let ended = 0;
  ids.forEach((id, i) => {
    const family = parse(FamilyRecord, raw[i] ?? null);
    if (family && !family.revoked) {
      recordEnd(tx, id, family, reason, now);
      ended++;
    }
  });
  tx.zrem(keys.byUser(userId), ...ids);
  tx.srem(keys.legacyByUser(userId), ...ids);
  await tx.exec();
  return ended;
}

/**
 * Ends every refresh family of the user created at or before `before` ("sign out everywhere"), a
 * batch per round trip, oldest first, each batch leaving the index as it ends: a retry carries on
 * where a failed attempt stopped. Returns how many live families ended.
 */
export async function revokeAllFamilies(userId: string, options: { clock?: Clock; redis?: Redis; before?: number } = {}): Promise<number> {
  const clock = options.clock ?? systemClock;
  const before = options.before ?? clock.now();
  return withStore(async (r) => {
    await migrateLegacy(r, familyIndex(userId));
    let ended = 0;
    for (;;) {
      const batch = await readOldest(r, keys.byUser(userId), before);
      if (batch.length === 0) return ended;
      ended += await revokeFamilies(
        r,
        userId,
        batch.map((e) => e.member),
        'signed_out_everywhere',
        clock.now(),
      );
    }
  }, options.redis);
}

/**
 * Keeps at most `max` live families for the user. Beyond it the least recently used end: the
 * families whose newest token expires first (each rotation pushes the family's expiry out, so that
 * is the one used longest ago). Reads the index in batches, so any count is brought back under it.
 */
export async function enforceFamilyCap(userId: string, max: number, options: { clock?: Clock; redis?: Redis } = {}): Promise<number> {
  const now = (options.clock ?? systemClock).now();
  return withStore(async (r) => {
    const [count, legacy] = await r.pipeline().zcard(keys.byUser(userId)).scard(keys.legacyByUser(userId)).exec<[number, number]>();
    if (count + legacy <= max) return 0;
    await migrateLegacy(r, familyIndex(userId));
    let kept: Array<{ id: string; expiresIn: number }> = [];
    const doomed: string[] = [];
    for await (const batch of allEntries(r, keys.byUser(userId))) {
      const p = r.pipeline();
      for (const { member } of batch) p.get(keys.family(member)).pttl(keys.family(member));
      const replies = await p.exec<unknown[]>();
      batch.forEach(({ member }, i) => {
        const family = parse(FamilyRecord, (replies[2 * i] as string | null) ?? null);
        if (family && !family.revoked) kept.push({ id: member, expiresIn: Number(replies[2 * i + 1]) });
        else doomed.push(member);
      });
      if (kept.length > max) {
        kept.sort((a, b) => b.expiresIn - a.expiresIn);
        doomed.push(...kept.slice(max).map((f) => f.id));
        kept = kept.slice(0, max);
      }
    }
    let ended = 0;
    for (let i = 0; i < doomed.length; i += BATCH) ended += await revokeFamilies(r, userId, doomed.slice(i, i + BATCH), 'revoked', now);
    return ended;
  }, options.redis);
}
