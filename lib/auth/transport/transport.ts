// Where a credential travels: the three transports, their cookie names and the forms of a bearer value.
// Runtime: edge and Node. What the credential *is* (session or JWT) is the other, independent axis.
import { z } from 'zod';
import { isCanonicalBase64url } from '../token-spelling';

export const TRANSPORTS = ['cookie', 'header', 'both'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** The optional `transport` field of both sign-in bodies; a bad value is a 400 naming the field. */
export const TransportField = z.enum(TRANSPORTS, { message: 'must be "cookie", "header" or "both"' });

// The access-token cookies' names (and their `__Host-` spellings over HTTPS) live with the app's other cookie names.
export { ACCESS_COOKIE, ACCESS_SIGNATURE_COOKIE } from '../../http/cookie-names';

/**
 * Opaque bearer values carry a prefix, so their form alone says which cell they belong to (as a
 * JWT's dots do): a session token (the session id itself, "session token as bearer") or the
 * header half of a double session id. Neither prefix can occur in a JWT (no dots) or a seal.
 */
export const SESSION_TOKEN_PREFIX = 'sess_';
export const SESSION_PAIR_PREFIX = 'pair_';

/**
 * A random secret of ours is 43 base64url characters (256 bits) with its 2 unused trailing bits zero,
 * as `randomId` writes it: one spelling only, anything else is not ours (the JWT check then refuses it).
 */
const SECRET = /^[A-Za-z0-9_-]{43}$/;
const isSecret = (text: string) => SECRET.test(text) && isCanonicalBase64url(text);

export type BearerForm = 'jwt' | 'split-jwt' | 'session-token' | 'session-pair' | 'unknown';

/** What a bearer value is, by its form alone: no key, store or cookie consulted. */
export function bearerForm(value: string): BearerForm {
  const parts = value.split('.');
  if (parts.length === 3) return 'jwt';
  if (parts.length === 2) return 'split-jwt';
  if (parts.length !== 1) return 'unknown';
  if (value.startsWith(SESSION_TOKEN_PREFIX) && isSecret(value.slice(SESSION_TOKEN_PREFIX.length))) return 'session-token';
  if (value.startsWith(SESSION_PAIR_PREFIX) && isSecret(value.slice(SESSION_PAIR_PREFIX.length))) return 'session-pair';
  return 'unknown';
}

/** Whether the browser attaches (part of) this credential by itself: then a state change needs the CSRF check. */
export function cookieCarried(transport: Transport): boolean {
  return transport !== 'header';
}
