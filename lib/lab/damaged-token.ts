// Damaged access tokens for the API console: one already expired, one for another audience.
// Runtime: Node (route handlers). Both are signed with the real key, yet every verifier of the app refuses them.
import 'server-only';
import { SignJWT, decodeJwt } from 'jose';
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { issueToken } from '../auth/jwt';
import { TOKEN_KINDS } from '../auth/jwt-profile';
import { toLowS } from '../auth/token-spelling';
import type { KeyRing } from '../auth/keys';
import type { User } from '../auth/users';

export const DAMAGE_VARIANTS = ['expired', 'wrong_audience'] as const;
export type DamageVariant = (typeof DAMAGE_VARIANTS)[number];

/** An audience that no route of the app accepts. */
export const WRONG_AUDIENCE = 'authlab-wrong-audience';

/** How long ago an "expired" token expired: far beyond the verifiers' clock tolerance, so it fails at once. */
export const EXPIRED_AGO_SECONDS = 60;

export interface DamagedToken {
  variant: DamageVariant;
  token: string;
  claims: { aud: string; iat: number; exp: number; jti: string };
}

/**
 * Issues a token for `user` that looks like a real access token except for one thing:
 * `expired` has `iat`/`exp` in the past (issued through an earlier clock), `wrong_audience`
 * names `WRONG_AUDIENCE`.
 */
export async function issueDamagedToken(
  user: User,
  variant: DamageVariant,
  options: { ring: KeyRing; config: Pick<Config, 'issuer'>; ttl: number; clock?: Clock },
): Promise<DamagedToken> {
  const { ring, config, ttl, clock = systemClock } = options;
  if (variant === 'expired') {
    const past: Clock = { now: () => clock.now() - (ttl + EXPIRED_AGO_SECONDS) * 1000 };
    const issued = await issueToken(user, { ring, config, ttl, clock: past });
    return { variant, token: issued.token, claims: claimsOf(issued.token) };
  }
  // The claims of a real token, re-signed with only the audience changed: no drift from issueToken.
  const issued = await issueToken(user, { ring, config, ttl, clock });
  const key = ring.current;
  const signed = await new SignJWT(decodeJwt(issued.token))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: TOKEN_KINDS.access.typ })
    .setAudience(WRONG_AUDIENCE)
    .sign(key.signKey);
  // Low-S like every token the app issues, so the audience is the one thing wrong with it.
  const token = key.alg === 'ES256' ? toLowS(signed) : signed;
  return { variant, token, claims: claimsOf(token) };
}

function claimsOf(token: string): DamagedToken['claims'] {
  const payload = decodeJwt(token);
  return {
    aud: String(payload.aud),
    iat: Number(payload.iat),
    exp: Number(payload.exp),
    jti: String(payload.jti),
  };
}
