// Route handlers' side of the forwarded identity: checks the middleware's HMAC before trusting a byte.
// Runtime: Node only (node:crypto keeps the check synchronous: no worker-thread hop per request).
import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from './derived-key';
import { base64url } from 'jose';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { AuthError } from '../http/errors';
import { IDENTITY_HEADER, IDENTITY_KEY_INFO, IDENTITY_SIG_HEADER, MAX_IDENTITY_AGE_MS } from './forwarded-identity';
import type { Identity } from './identity';
import { TRANSPORTS } from './transport/transport';

const encoder = new TextEncoder();
/** Fatal: bytes that are not UTF-8 are refused, not turned into replacement characters. */
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The same HKDF-SHA-256 bytes the middleware signs with, derived (and made a key object) once per process. */
const identityKey = derivedKey(IDENTITY_KEY_INFO);

const Envelope = z.object({
  t: z.number(),
  identity: z.object({
    user: z.object({ id: z.string(), username: z.string(), role: z.enum(['admin', 'member']) }),
    mode: z.enum(['session', 'jwt', 'internal']),
    transport: z.enum(TRANSPORTS).optional(),
    session: z
      .object({ id: z.string(), createdAt: z.string(), lastSeenAt: z.string(), idleExpiresAt: z.string(), absoluteExpiresAt: z.string() })
      .optional(),
    token: z
      .object({ alg: z.string(), kid: z.string(), jti: z.string(), issuedAt: z.string(), expiresAt: z.string(), audience: z.string() })
      .optional(),
  }),
});

/**
 * The identity the middleware verified for this request. A missing, altered or stale signature
 * (a client's own header, or a route the middleware did not cover) is 401: never trusted.
 */
export function readIdentity(request: Request, sessionPassword: string, clock: Clock = systemClock): Identity {
  const value = request.headers.get(IDENTITY_HEADER);
  const sig = request.headers.get(IDENTITY_SIG_HEADER);
  const refuse = () => new AuthError('unauthenticated', 'Sign in first: this request carries no verified credential.');
  // An HMAC-SHA-256 in base64url is exactly 43 characters; anything else is refused before any work.
  if (!value || !sig || value.length > 8192 || !/^[A-Za-z0-9_-]{43}$/.test(sig)) throw refuse();
  const expected = encoder.encode(base64url.encode(createHmac('sha256', identityKey(sessionPassword)).update(value).digest()));
  // The text is compared, in constant time, not the bytes it decodes to: a decoder ignores the last
  // character's two spare bits, so decoding would let four spellings of one signature through.
  if (!timingSafeEqual(encoder.encode(sig), expected)) throw refuse();
  let parsed;
  try {
    parsed = Envelope.safeParse(JSON.parse(decoder.decode(base64url.decode(value))));
  } catch {
    throw refuse();
  }
  if (!parsed.success) throw refuse();
  const age = clock.now() - parsed.data.t;
  if (age < -MAX_IDENTITY_AGE_MS || age > MAX_IDENTITY_AGE_MS) throw refuse();
  return parsed.data.identity as Identity;
}
