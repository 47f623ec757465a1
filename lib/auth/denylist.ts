// The access-token denylist: revoked `jti`s, and the user-level cut-off of "sign out everywhere" (revocation.ts).
// Runtime: edge and Node. Keyed by issuer and jti (never the token's bytes); entries expire with the tokens.
import type { Redis } from '@upstash/redis';
import { systemClock, type Clock } from '../clock';
import { withStore } from '../store/client';
import { AuthError } from '../http/errors';
import type { Identity } from './identity';
import { bearerChallenge } from './jwt';
import { cutoffKey, isCutOff, parseCutoff } from './revocation';

const denyKey = (issuer: string, jti: string) => `jwt:deny:${issuer}:${jti}`;
/** The issuer's live entries by expiry (ms), so their number can be read without scanning the store. */
const denyIndexKey = (issuer: string) => `jwt:deny-index:${issuer}`;

/** Entries outlive their token by this much, so clock tolerance cannot sneak a revoked token back in. */
const MARGIN_MS = 10_000;

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

/** The denylist's size now: two cheap store commands (expired entries dropped, then counted), never a scan. */
export async function denylistSize(issuer: string, options: { clock?: Clock; redis?: Redis } = {}): Promise<DenylistSize> {
  const now = (options.clock ?? systemClock).now();
  const [, entries, last] = await withStore(
    (r) =>
      r
        .multi()
        .zremrangebyscore(denyIndexKey(issuer), '-inf', now)
        .zcard(denyIndexKey(issuer))
        .zrange(denyIndexKey(issuer), 0, 0, { rev: true, withScores: true })
        .exec<[number, number, (string | number)[]]>(),
    options.redis,
  );
  const score = last[1];
  return { entries, lastExpiresAtMs: score === undefined ? null : Number(score), marginMs: MARGIN_MS };
}

export type Revocation = 'denylisted' | 'signed_out_everywhere' | undefined;

/** One store round trip for both checks. A store failure throws 503: it never reads as "not revoked". */
export async function revocationOf(
  issuer: string,
  token: { jti: string; userId: string; issuedAtMs: number },
  redis?: Redis,
): Promise<Revocation> {
  const [denied, cutoff] = await withStore(
    (r) => r.mget<[string | null, string | null]>(denyKey(issuer, token.jti), cutoffKey(token.userId)),
    redis,
  );
  if (denied !== null) return 'denylisted';
  // iat has whole seconds; a token from the same second as the sign-out is refused, erring on the safe side.
  if (isCutOff(token.issuedAtMs, parseCutoff(cutoff))) return 'signed_out_everywhere';
  return undefined;
}

/** The 401 for a revoked token, with the challenge a bearer client expects. */
export function revokedTokenError(revoked: Exclude<Revocation, undefined>): AuthError {
  const why = revoked === 'denylisted' ? 'it has been revoked' : 'its user signed out everywhere after it was issued';
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
  const revoked = await revocationOf(
    issuer,
    { jti: identity.token.jti, userId: identity.user.id, issuedAtMs: Date.parse(identity.token.issuedAt) },
    redis,
  );
  if (revoked) throw revokedTokenError(revoked);
}
