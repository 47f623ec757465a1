// The access-token denylist: revoked `jti`s, ended refresh families (the `sid` claim), and the user-level
// cut-off of "sign out everywhere" (revocation.ts).
// Runtime: edge and Node. Keyed by issuer and jti, or by family id (never the token's bytes); entries expire with the tokens.
import type { Redis } from '@upstash/redis';
import { systemClock, type Clock } from '../clock';
import { withStore } from '../store/client';
import { AuthError } from '../http/errors';
import type { Identity, TokenInfo } from './identity';
import { bearerChallenge } from './jwt';
import { CLOCK_TOLERANCE } from './jwt-profile';
import { cutoffKey, isCutOff, parseCutoff } from './revocation';

const denyKey = (issuer: string, jti: string) => `jwt:deny:${issuer}:${jti}`;
/** The issuer's live entries by expiry (ms), so their number can be read without scanning the store. */
export const denyIndexKey = (issuer: string) => `jwt:deny-index:${issuer}`;

/** Entries outlive their token by this much, so clock tolerance cannot sneak a revoked token back in. */
const MARGIN_MS = 10_000;

/**
 * The store key that says a refresh family has ended (reuse, explicit revoke, the per-user cap, sign
 * out everywhere): every access token whose `sid` names it is refused while the denylist is on. Not
 * per issuer, as the family record (`rtf:<id>`) isn't: a family id is random and store-wide.
 */
export const familyEndKey = (familyId: string) => `jwt:family-ended:${familyId}`;

/**
 * How long a family's end key must live, ms: longer than any access token the family minted can still
 * be accepted. Such a token was signed at the latest now, so `exp` <= now + accessTokenTtl (`iat` is
 * rounded down), and verifiers accept it until `exp` + CLOCK_TOLERANCE. MARGIN_MS on top, as for a
 * denylisted jti, also covers a refresh that read the family just before it ended and signs its access
 * token a moment after (a window of milliseconds; the margin is seconds).
 */
export function familyEndTtlMs(accessTokenTtl: number): number {
  return (accessTokenTtl + CLOCK_TOLERANCE) * 1000 + MARGIN_MS;
}

/** Puts a token's jti on the denylist until it would have expired anyway. */
export async function denyToken(
  issuer: string,
  jti: string,
  expiresAtMs: number,
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<void> {
  const now = (options.clock ?? systemClock).now();
  const ttl = expiresAtMs + MARGIN_MS - now;
  if (ttl <= 0) return;
  await withStore(async (redis) => {
    const tx = redis.multi();
    tx.set(denyKey(issuer, jti), '1', { px: ttl });
    // The index ends with its last entry and drops the expired ones on every write, so it is as bounded as the denylist.
    tx.zadd(denyIndexKey(issuer), { score: now + ttl, member: jti });
    tx.zremrangebyscore(denyIndexKey(issuer), '-inf', now);
    tx.pexpire(denyIndexKey(issuer), ttl, 'NX');
    tx.pexpire(denyIndexKey(issuer), ttl, 'GT');
    await tx.exec();
  }, options.redis);
}

export interface DenylistSize {
  /** Revoked access tokens whose entry has not expired yet. */
  entries: number;
  /** When the last of them expires (ms since the epoch), or null when there are none. */
  lastExpiresAtMs: number | null;
  /** How long an entry outlives its token's `exp`. */
  marginMs: number;
}

/**
 * The denylist's size now: two cheap reads (the live entries counted by their expiry, the last one),
 * never a scan and never a write. Expired entries still in the index are not counted; every denial
 * drops them (`denyToken`), and the index expires with its last entry, so a public read costs no write.
 */
export async function denylistSize(issuer: string, options: { clock?: Clock; redis?: Redis } = {}): Promise<DenylistSize> {
  const now = (options.clock ?? systemClock).now();
  const [entries, last] = await withStore(
    (r) =>
      r
        .multi()
        .zcount(denyIndexKey(issuer), `(${now}`, '+inf')
        .zrange(denyIndexKey(issuer), 0, 0, { rev: true, withScores: true })
        .exec<[number, (string | number)[]]>(),
    options.redis,
  );
  const score = last[1] === undefined ? undefined : Number(last[1]);
  return { entries, lastExpiresAtMs: score === undefined || score <= now ? null : score, marginMs: MARGIN_MS };
}

export type Revocation = 'denylisted' | 'family_ended' | 'signed_out_everywhere' | undefined;

/** What the revocation check needs of a verified token; `sid` only when it was minted from a refresh family. */
export interface RevocationSubject {
  jti: string;
  userId: string;
  issuedAtMs: number;
  sid?: string;
}

/** The revocation subject of a verified identity's token. */
export function revocationSubject(identity: Identity & { token: TokenInfo }): RevocationSubject {
  const { token } = identity;
  return {
    jti: token.jti,
    userId: identity.user.id,
    issuedAtMs: Date.parse(token.issuedAt),
    ...(token.sid !== undefined ? { sid: token.sid } : {}),
  };
}

/**
 * One store round trip for every check: the jti, the token's refresh family (when it has one) and the
 * user's cut-off in a single MGET. A store failure throws 503: it never reads as "not revoked".
 */
export async function revocationOf(issuer: string, token: RevocationSubject, redis?: Redis): Promise<Revocation> {
  const keys = [denyKey(issuer, token.jti), cutoffKey(token.userId)];
  if (token.sid !== undefined) keys.push(familyEndKey(token.sid));
  const [denied = null, cutoff = null, familyEnded = null] = await withStore((r) => r.mget<(string | null)[]>(...keys), redis);
  if (denied !== null) return 'denylisted';
  // Before the family's end: sign out everywhere ends the families too, and its reason says more.
  // iat has whole seconds; a token from the same second as the sign-out is refused, erring on the safe side.
  if (isCutOff(token.issuedAtMs, parseCutoff(cutoff))) return 'signed_out_everywhere';
  // Any value counts: only the paths that end a family write the key.
  if (familyEnded !== null) return 'family_ended';
  return undefined;
}

const WHY: Record<Exclude<Revocation, undefined>, string> = {
  denylisted: 'it has been revoked',
  family_ended: 'the sign-in it was issued from has ended (its refresh family was revoked)',
  signed_out_everywhere: 'its user signed out everywhere after it was issued',
};

/** The 401 for a revoked token, with the challenge a bearer client expects. */
export function revokedTokenError(revoked: Exclude<Revocation, undefined>): AuthError {
  const why = WHY[revoked];
  return new AuthError('invalid_token', `The bearer token is not valid: ${why}.`, {
    headers: bearerChallenge('invalid_token', 'The token has been revoked'),
  });
}

/**
 * For the routes that judge a token outside the request path (introspection, the lab's token
 * tools): throws the 401 when the token was revoked, whatever the denylist setting, since these
 * are the server's own answer about a token, not the hot path the setting is about.
 */
export async function assertNotRevoked(issuer: string, identity: Identity, redis?: Redis): Promise<void> {
  if (!identity.token) return;
  const revoked = await revocationOf(issuer, revocationSubject({ ...identity, token: identity.token }), redis);
  if (revoked) throw revokedTokenError(revoked);
}
