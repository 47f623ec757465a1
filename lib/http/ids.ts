// Random ids and the hash a secret is stored under, both as base64url (jose's, the app's only encoder).
// Runtime: edge and Node (WebCrypto). Session ids, refresh tokens, public handles and CSP nonces come from here.
import { base64url } from 'jose';

/** `bytes` random bytes from the platform CSPRNG, as base64url without padding. */
export function randomId(bytes: number): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * SHA-256 of a random secret (a session id, a refresh token), base64url: what the store keys it by,
 * so a copy of the store holds nothing a client could present. No salt or stretching: the secret is
 * 256 random bits, not a password.
 */
export async function secretHash(secret: string): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))));
}
