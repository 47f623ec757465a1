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

/** Entries outlive their token by this much, so clock tolerance cannot sneak a revoked token back in. */
const MARGIN_MS = 10_000;

/** Puts a token's jti on the denylist until it would have expired anyway. */
export async function denyToken(
  issuer: string,
  jti: string,
  expiresAtMs: number,
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<void> {
  const ttl = expiresAtMs + MARGIN_MS - (options.clock ?? systemClock).now();
  if (ttl <= 0) return;
  await withStore((redis) => redis.set(denyKey(issuer, jti), '1', { px: ttl }), options.redis);
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
