// Hands the identity that the middleware verified to route handlers, in headers a client cannot forge.
// Runtime: edge (signs; `read-identity.ts` verifies on Node). The HMAC key is derived once per process.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64url } from 'jose';
import { systemClock, type Clock } from '../clock';
import type { Identity } from './identity';

export const IDENTITY_HEADER = 'x-authlab-identity';
export const IDENTITY_SIG_HEADER = 'x-authlab-identity-sig';

/** A signed identity is good for one request: it must reach the handler within this many ms. */
export const MAX_IDENTITY_AGE_MS = 30_000;

/**
 * The HMAC key: HKDF-SHA-256 of the session password (no extra secret to manage), derived once per
 * process. Both sides compute the same bytes: the edge with @noble/hashes, Node with `hkdfSync`.
 */
export const IDENTITY_KEY_INFO = 'authlab forwarded identity v1';

/** The little of noble's HMAC that signing needs. */
interface Mac {
  clone(): Mac;
  update(data: Uint8Array): Mac;
  digest(): Uint8Array;
}

let signer: { password: string; mac: Mac } | undefined;

/** An HMAC with the key already absorbed; each request works on a clone, so the key pads are hashed once. */
function identityMac(sessionPassword: string): Mac {
  if (signer?.password !== sessionPassword) {
    const key = hkdf(sha256, utf8ToBytes(sessionPassword), new Uint8Array(0), utf8ToBytes(IDENTITY_KEY_INFO), 32);
    signer = { password: sessionPassword, mac: hmac.create(sha256, key) as unknown as Mac };
  }
  return signer.mac.clone();
}

/**
 * Whether a client sent any identity header: when none did, a request the middleware does not
 * authenticate can go on as it came (no header copy, no request-header override for Next to apply).
 */
export function hasIdentityHeaders(headers: Headers): boolean {
  for (const name of headers.keys()) if (name.startsWith('x-authlab-')) return true;
  return false;
}

/** Removes any identity headers a client sent, so only the middleware's own ever reach a handler. */
export function stripIdentityHeaders(headers: Headers): void {
  for (const name of [...headers.keys()]) {
    if (name.toLowerCase().startsWith('x-authlab-')) headers.delete(name);
  }
}

/**
 * Signs the verified identity into the request headers for the handler. Synchronous on purpose: a
 * WebCrypto call here would hop to a worker thread on every authenticated request, for ~5 µs of HMAC.
 */
export function signIdentity(headers: Headers, identity: Identity, sessionPassword: string, clock: Clock = systemClock): void {
  const value = base64url.encode(JSON.stringify({ identity, t: clock.now() }));
  headers.set(IDENTITY_HEADER, value);
  headers.set(IDENTITY_SIG_HEADER, base64url.encode(identityMac(sessionPassword).update(utf8ToBytes(value)).digest()));
}
