// The access-token denylist: revoked `jti`s, and a per-user "not before" for "sign out everywhere".
// Runtime: edge and Node. Keyed by issuer and jti (never the token's bytes); entries expire with the tokens.
import type { Redis } from '@upstash/redis';
import { systemClock, type Clock } from '../clock';
import { withStore } from '../store/client';

const denyKey = (issuer: string, jti: string) => `jwt:deny:${issuer}:${jti}`;
const notBeforeKey = (issuer: string, userId: string) => `jwt:nbf:${issuer}:${userId}`;

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

/** Refuses every access token of the user issued before now, for as long as any of them could live. */
export async function denyTokensIssuedBefore(
  issuer: string,
  userId: string,
  maxTokenTtlSeconds: number,
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<void> {
  const now = (options.clock ?? systemClock).now();
  await withStore(
    (redis) => redis.set(notBeforeKey(issuer, userId), String(now), { px: maxTokenTtlSeconds * 1000 + MARGIN_MS }),
    options.redis,
  );
}

export type Revocation = 'denylisted' | 'signed_out_everywhere' | undefined;

/** One store round trip for both checks. A store failure throws 503: it never reads as "not revoked". */
export async function revocationOf(
  issuer: string,
  token: { jti: string; userId: string; issuedAtMs: number },
  redis?: Redis,
): Promise<Revocation> {
  const [denied, notBefore] = await withStore(
    (r) => r.mget<[string | null, string | null]>(denyKey(issuer, token.jti), notBeforeKey(issuer, token.userId)),
    redis,
  );
  if (denied !== null) return 'denylisted';
  // iat has whole seconds; a token from the same second as the sign-out is refused, erring on the safe side.
  if (notBefore !== null && token.issuedAtMs < Math.ceil(Number(notBefore) / 1000) * 1000) return 'signed_out_everywhere';
  return undefined;
}
