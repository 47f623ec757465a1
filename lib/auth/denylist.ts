// The access-token denylist: revoked `jti`s, each kept only until its token would expire anyway.
// Runtime: edge and Node. Keyed by issuer and jti, never by the token's bytes.
import type { Redis } from '@upstash/redis';
import { systemClock, type Clock } from '../clock';
import { withStore } from '../store/client';

const key = (issuer: string, jti: string) => `jwt:deny:${issuer}:${jti}`;

/** Puts a token's jti on the denylist until `expiresAtMs` (plus a margin for clock tolerance). */
export async function denyToken(
  issuer: string,
  jti: string,
  expiresAtMs: number,
  options: { clock?: Clock; redis?: Redis; marginMs?: number } = {},
): Promise<void> {
  const clock = options.clock ?? systemClock;
  const ttl = expiresAtMs + (options.marginMs ?? 10_000) - clock.now();
  if (ttl <= 0) return;
  await withStore((redis) => redis.set(key(issuer, jti), '1', { px: ttl }), options.redis);
}

export async function isDenied(issuer: string, jti: string, redis?: Redis): Promise<boolean> {
  return (await withStore((r) => r.exists(key(issuer, jti)), redis)) === 1;
}
