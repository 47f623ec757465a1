// Reads a JWT's protected header without verifying it, and finds the key of the ring it names.
// Runtime: browser and server. Decoding is not verifying: a header only claims a key; the signature proves it.
import { decodeProtectedHeader } from 'jose';

export interface TokenHeader {
  alg: string;
  kid: string | undefined;
  typ: string | undefined;
}

export type DecodedHeader = { ok: true; header: TokenHeader } | { ok: false; reason: string };

/** The header of a pasted token; a leading "Bearer " and surrounding blanks are forgiven. */
export function decodeTokenHeader(input: string): DecodedHeader {
  const token = input.trim().replace(/^Bearer\s+/i, '');
  if (token === '') return { ok: false, reason: 'there is no token' };
  if (token.split('.').length !== 3) return { ok: false, reason: 'a signed JWT has three parts separated by dots' };
  try {
    const header = decodeProtectedHeader(token);
    if (typeof header.alg !== 'string') return { ok: false, reason: 'its header names no algorithm' };
    return {
      ok: true,
      header: {
        alg: header.alg,
        kid: typeof header.kid === 'string' ? header.kid : undefined,
        typ: typeof header.typ === 'string' ? header.typ : undefined,
      },
    };
  } catch {
    return { ok: false, reason: 'its header is not base64url-encoded JSON' };
  }
}

export type KeyMatch<K> = { found: true; key: K; algMatches: boolean } | { found: false; why: 'no_kid' | 'unknown_kid' };

/** Which key of `keys` a header names, and whether the header's algorithm is the one that key accepts. */
export function whichKey<K extends { kid: string; alg: string }>(keys: readonly K[], header: TokenHeader): KeyMatch<K> {
  if (header.kid === undefined) return { found: false, why: 'no_kid' };
  const key = keys.find((k) => k.kid === header.kid);
  return key ? { found: true, key, algMatches: key.alg === header.alg } : { found: false, why: 'unknown_kid' };
}
