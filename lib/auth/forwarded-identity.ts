// Hands the identity that the middleware verified to route handlers, in headers a client cannot forge.
// Runtime: edge (signs) and Node (verifies). The HMAC key is derived once per process, not per request.
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { AuthError } from '../http/errors';
import type { Identity } from './identity';

export const IDENTITY_HEADER = 'x-authlab-identity';
export const IDENTITY_SIG_HEADER = 'x-authlab-identity-sig';

/** A signed identity is good for one request: it must reach the handler within this many ms. */
const MAX_AGE_MS = 30_000;

let keyPromise: Promise<CryptoKey> | undefined;
let keyFor: string | undefined;

/** An HMAC key of its own, derived from the session password with HKDF, so no extra secret to manage. */
function identityKey(sessionPassword: string): Promise<CryptoKey> {
  if (!keyPromise || keyFor !== sessionPassword) {
    keyFor = sessionPassword;
    keyPromise = (async () => {
      const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(sessionPassword), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('authlab forwarded identity v1') },
        base,
        { name: 'HMAC', hash: 'SHA-256', length: 256 },
        false,
        ['sign', 'verify'],
      );
    })();
  }
  return keyPromise;
}

const b64u = {
  encode: (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
  decode: (text: string) => {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  },
};

/** Removes any identity headers a client sent, so only the middleware's own ever reach a handler. */
export function stripIdentityHeaders(headers: Headers): void {
  for (const name of [...headers.keys()]) {
    if (name.toLowerCase().startsWith('x-authlab-')) headers.delete(name);
  }
}

export async function signIdentity(
  headers: Headers,
  identity: Identity,
  sessionPassword: string,
  clock: Clock = systemClock,
): Promise<void> {
  const value = b64u.encode(new TextEncoder().encode(JSON.stringify({ identity, t: clock.now() })));
  const sig = await crypto.subtle.sign('HMAC', await identityKey(sessionPassword), new TextEncoder().encode(value));
  headers.set(IDENTITY_HEADER, value);
  headers.set(IDENTITY_SIG_HEADER, b64u.encode(new Uint8Array(sig)));
}

const Envelope = z.object({
  t: z.number(),
  identity: z.object({
    user: z.object({ id: z.string(), username: z.string(), role: z.enum(['admin', 'member']) }),
    mode: z.enum(['session', 'jwt', 'internal']),
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
export async function readIdentity(request: Request, sessionPassword: string, clock: Clock = systemClock): Promise<Identity> {
  const value = request.headers.get(IDENTITY_HEADER);
  const sig = request.headers.get(IDENTITY_SIG_HEADER);
  const refuse = () => new AuthError('unauthenticated', 'Sign in first: this request carries no verified credential.');
  if (!value || !sig || value.length > 8192 || sig.length > 128) throw refuse();
  let sigBytes: Uint8Array;
  try {
    sigBytes = b64u.decode(sig);
  } catch {
    throw refuse();
  }
  const ok = await crypto.subtle.verify('HMAC', await identityKey(sessionPassword), sigBytes as BufferSource, new TextEncoder().encode(value));
  if (!ok) throw refuse();
  const parsed = Envelope.safeParse(JSON.parse(new TextDecoder().decode(b64u.decode(value))));
  if (!parsed.success) throw refuse();
  const age = clock.now() - parsed.data.t;
  if (age < -MAX_AGE_MS || age > MAX_AGE_MS) throw refuse();
  return parsed.data.identity as Identity;
}
