// Access tokens: issue and verify signed JWTs (RFC 9068 `at+jwt`), and the hybrid internal token.
// Runtime: edge and Node. Verification allows exactly one algorithm per key, found by `kid`.
import { SignJWT, errors, jwtVerify, type JWTPayload, type JWTHeaderParameters } from 'jose';
import { z } from 'zod';
import { iso, epochSeconds, systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { AuthError } from '../http/errors';
import { LruMap } from '../lru-map';
import type { Identity, TokenInfo } from './identity';
import { CLOCK_TOLERANCE, MAX_TOKEN_LENGTH, TOKEN_KINDS, type TokenKind } from './jwt-profile';
import { isHighS, nonCanonicalReason, toLowS } from './token-spelling';
import type { KeyEntry, KeyRing } from './key-material';
import type { User } from './users';

export interface IssuedToken {
  token: string;
  jti: string;
  expiresIn: number;
  expiresAt: number;
}

/**
 * The form of a refresh family id (`randomId(12)`: 16 base64url characters), which the `sid` claim
 * carries. The family id is safe to put in a token anyone holding it can read: it is only ever a store
 * key, never accepted from a client as proof of anything (refresh and revoke go by the refresh token,
 * whose hash is the lookup key), so knowing it grants nothing.
 */
export const SID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

export async function issueToken(
  user: User,
  options: {
    ring: KeyRing;
    config: Pick<Config, 'issuer'>;
    ttl: number;
    kind?: TokenKind;
    clock?: Clock;
    extra?: Record<string, string>;
    /** The refresh family the token is minted from, carried as `sid` (OIDC's session id claim). */
    family?: string;
  },
): Promise<IssuedToken> {
  const { ring, config, ttl, kind = 'access', clock = systemClock } = options;
  const { audience, typ } = TOKEN_KINDS[kind];
  const key = ring.current;
  const iat = epochSeconds(clock);
  const jti = crypto.randomUUID();
  const sid = options.family !== undefined ? { sid: options.family } : {};
  const signed = await new SignJWT({ role: user.role, preferred_username: user.username, ...options.extra, ...sid })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ })
    .setIssuer(config.issuer)
    .setAudience(audience)
    .setSubject(user.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(jti)
    .sign(key.signKey);
  // WebCrypto signs high-S half the time; verifiers accept only low-S (see `isHighS`).
  const token = key.alg === 'ES256' ? toLowS(signed) : signed;
  return { token, jti, expiresIn: ttl, expiresAt: (iat + ttl) * 1000 };
}

const Claims = z.object({
  sub: z.string().min(1).max(128),
  jti: z.string().min(1).max(128),
  iat: z.number(),
  exp: z.number(),
  role: z.enum(['admin', 'member']),
  preferred_username: z.string().min(1).max(64),
  // Strict: a sid that is not a family id's form is a forged or foreign token, not "no family".
  sid: z.string().regex(SID_PATTERN).optional(),
});

/** A short reason a person can read, from jose's stable error codes (never the raw exception). */
function reasonFor(error: unknown): string {
  if (error instanceof AuthError) return error.message;
  if (error instanceof errors.JWTClaimValidationFailed) return `the "${error.claim}" claim is not acceptable (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its algorithm is not allowed';
  if (error instanceof errors.JOSENotSupported) return 'it uses an unsupported feature';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'it is malformed';
  return 'it could not be verified';
}

/** A refusal found while picking the key, with the reason to show as it is. */
class UnknownKey extends Error {}

type Verified = { identity: Identity; payload: JWTPayload; header: JWTHeaderParameters };

/**
 * Tokens this process has verified, by their exact text: a token seen again skips the signature
 * check, never the rest. Each hit still needs its key in the ring, the same key object, not retired,
 * and `exp` / `nbf` checked against the clock; the denylist is checked after, as for any token.
 * Safe because a JWT's validity can't change before `exp` anyway (that is the model's weakness, and
 * the denylist's job); a session lookup is never cached, because revoking one must act at once.
 * Only a verified token enters it; bounded, the least recently used out first (a hit keeps a token
 * in use cached, which is what the cache is for).
 */
export class VerifiedTokenCache {
  private readonly entries: LruMap<string, { verified: Verified; verifyKey: KeyEntry['verifyKey']; exp: number; nbf: number | undefined }>;

  constructor(readonly maxEntries = 2_000) {
    this.entries = new LruMap(maxEntries);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The kid of a token verified before, so a hit needs no second parse of its header. */
  kidOf(kind: TokenKind, token: string): string | undefined {
    const kid = this.entries.get(`${kind}.${token}`)?.verified.header.kid;
    return typeof kid === 'string' ? kid : undefined;
  }

  lookup(kind: TokenKind, token: string, ring: KeyRing, nowMs: number): Verified | undefined {
    const k = `${kind}.${token}`;
    const hit = this.entries.get(k);
    if (!hit) return undefined;
    const now = Math.floor(nowMs / 1000);
    const entry = ring.byKid.get(String(hit.verified.header.kid));
    const keyOk = entry !== undefined && entry.verifyKey === hit.verifyKey && (entry.retiresAt === undefined || nowMs < entry.retiresAt);
    // Anything but a plainly current token goes through jose again, which gives the exact refusal.
    if (!keyOk || hit.exp + CLOCK_TOLERANCE <= now || (hit.nbf !== undefined && hit.nbf > now + CLOCK_TOLERANCE)) {
      this.entries.delete(k);
      return undefined;
    }
    return hit.verified;
  }

  remember(kind: TokenKind, token: string, verified: Verified, verifyKey: KeyEntry['verifyKey']): void {
    const { exp, nbf } = verified.payload;
    if (typeof exp !== 'number') return;
    this.entries.set(`${kind}.${token}`, { verified, verifyKey, exp, nbf: typeof nbf === 'number' ? nbf : undefined });
  }
}

/**
 * Verifies a token of the given kind. Throws 401 `token_expired` for an expired token and
 * 401 `invalid_token` for anything else wrong, with `WWW-Authenticate` set for the bearer scheme.
 */
export async function verifyToken(
  token: string,
  options: { ring: KeyRing; config: Pick<Config, 'issuer'>; kind?: TokenKind; clock?: Clock; cache?: VerifiedTokenCache },
): Promise<Verified & { cached: boolean }> {
  const { ring, config, kind = 'access', clock = systemClock, cache } = options;
  const { audience, typ } = TOKEN_KINDS[kind];
  if (token.length > MAX_TOKEN_LENGTH) throw invalidToken('it is too large');
  // One spelling per token, before the cache or the verifier see it: variants are refused, not normalized.
  const spelling = nonCanonicalReason(token);
  if (spelling !== undefined) throw invalidToken(spelling);
  const hit = cache?.lookup(kind, token, ring, clock.now());
  if (hit) return { ...hit, cached: true };
  let usedKey: KeyEntry['verifyKey'] | undefined;
  try {
    const { payload, protectedHeader } = await jwtVerify(
      token,
      (header) => {
        // A Map lookup: a hostile kid ("../x", "__proto__", SQL) simply finds nothing.
        const entry = typeof header.kid === 'string' ? ring.byKid.get(header.kid) : undefined;
        if (!entry) throw new UnknownKey('it was not signed by a known key');
        // A replaced key verifies until it retires, to the second, even before this process re-reads the ring.
        if (entry.retiresAt !== undefined && clock.now() >= entry.retiresAt) throw new UnknownKey('its signing key has been retired');
        if (header.alg !== entry.alg) throw new errors.JOSEAlgNotAllowed('algorithm does not match the key');
        if (entry.alg === 'ES256' && isHighS(token)) throw new UnknownKey('its ES256 signature is not in low-S form');
        usedKey = entry.verifyKey;
        return entry.verifyKey;
      },
      {
        algorithms: [...new Set([...ring.byKid.values()].map((e) => e.alg))],
        issuer: config.issuer,
        audience,
        typ,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
        clockTolerance: CLOCK_TOLERANCE,
        currentDate: new Date(clock.now()),
      },
    );
    const claims = Claims.safeParse(payload);
    if (!claims.success) {
      const badSid = claims.error.issues.some((issue) => issue.path[0] === 'sid');
      throw invalidToken(badSid ? 'its "sid" claim is malformed' : 'its claims are incomplete');
    }
    const c = claims.data;
    const info: TokenInfo = {
      alg: String(protectedHeader.alg),
      kid: String(protectedHeader.kid),
      jti: c.jti,
      issuedAt: iso(c.iat * 1000),
      expiresAt: iso(c.exp * 1000),
      audience,
      ...(c.sid !== undefined ? { sid: c.sid } : {}),
    };
    const verified: Verified = {
      identity: {
        user: { id: c.sub, username: c.preferred_username, role: c.role },
        mode: kind === 'internal' ? 'internal' : 'jwt',
        token: info,
      },
      payload,
      header: protectedHeader,
    };
    if (cache && usedKey !== undefined) cache.remember(kind, token, verified, usedKey);
    return { ...verified, cached: false };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new AuthError('token_expired', 'The access token has expired; refresh it or sign in again.', {
        headers: bearerChallenge('invalid_token', 'The access token expired'),
      });
    }
    if (error instanceof AuthError) throw error;
    if (error instanceof UnknownKey) throw invalidToken(error.message);
    throw invalidToken(reasonFor(error));
  }
}

export function bearerChallenge(error: 'invalid_token' | 'invalid_request', description: string): Record<string, string> {
  return { 'WWW-Authenticate': `Bearer error="${error}", error_description="${description}"` };
}

export function invalidToken(reason: string): AuthError {
  return new AuthError('invalid_token', `The bearer token is not valid: ${reason}.`, {
    headers: bearerChallenge('invalid_token', 'The token is not valid'),
  });
}
