// One spelling per token: a JWT is accepted only as canonical base64url, and an ES256 signature only low-S.
// Runtime: edge and Node. Runs before any signature check, so a token's variants never reach the verifier, its cache or the denylist.
import { base64url } from 'jose';

/**
 * Why a compact JWT is not in its one canonical spelling, or `undefined` when it is: three non-empty
 * base64url parts (no padding, whitespace or anything around them), each with the unused low bits of
 * its last character zero (otherwise several texts decode to the same bytes).
 */
export function nonCanonicalReason(token: string): string | undefined {
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) return 'it is not three dot-separated parts';
  for (const [start, end] of [
    [0, first],
    [first + 1, second],
    [second + 1, token.length],
  ] as const) {
    const why = partProblem(token, start, end);
    if (why) return why;
  }
  return undefined;
}

/**
 * Whether `value` is one non-empty base64url text in its one canonical spelling (alphabet only, no
 * padding, zero trailing bits): what an opaque secret of ours (a session token, a pair secret) must be.
 */
export function isCanonicalBase64url(value: string): boolean {
  return partProblem(value, 0, value.length) === undefined;
}

/** The value (0-63) of a base64url character, or -1 for any other character. */
function sextet(code: number): number {
  if (code >= 65 && code <= 90) return code - 65; // A-Z
  if (code >= 97 && code <= 122) return code - 71; // a-z
  if (code >= 48 && code <= 57) return code + 4; // 0-9
  if (code === 45) return 62; // -
  if (code === 95) return 63; // _
  return -1;
}

function partProblem(token: string, start: number, end: number): string | undefined {
  const length = end - start;
  if (length === 0) return 'one of its parts is empty';
  if (length % 4 === 1) return 'one of its parts has an impossible base64url length';
  let last = 0;
  for (let i = start; i < end; i++) {
    last = sextet(token.charCodeAt(i));
    if (last < 0) return 'it is not plain base64url (padding, whitespace or other characters)';
  }
  // 2 characters left over carry 1 byte (4 unused bits), 3 carry 2 bytes (2 unused bits).
  const unusedBits = length % 4 === 2 ? 0b1111 : length % 4 === 3 ? 0b11 : 0;
  if ((last & unusedBits) !== 0) return 'its base64url is not canonical (non-zero trailing bits)';
  return undefined;
}

/** The order of P-256: an ECDSA signature (r, s) verifies as (r, n - s) too. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_HALF_N = P256_N >> 1n;

function bigFrom(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

const decodeSignature = (token: string): Uint8Array => base64url.decode(token.slice(token.lastIndexOf('.') + 1));

/**
 * Whether an ES256 token's signature is the high-S twin (s > n/2) of another valid one. Only the
 * low-S form is accepted, so a signature can't be rewritten into a second valid token.
 */
export function isHighS(token: string): boolean {
  const signature = decodeSignature(token);
  if (signature.length !== 64) return false; // Not an ES256 signature; the verifier refuses it anyway.
  return bigFrom(signature.subarray(32)) > P256_HALF_N;
}

/** The same ES256 token with its signature in low-S form (what `issueToken` hands out). */
export function toLowS(token: string): string {
  const signature = decodeSignature(token);
  if (signature.length !== 64) return token;
  const s = bigFrom(signature.subarray(32));
  if (s <= P256_HALF_N) return token;
  let low = P256_N - s;
  for (let i = 63; i >= 32; i--) {
    signature[i] = Number(low & 0xffn);
    low >>= 8n;
  }
  return `${token.slice(0, token.lastIndexOf('.') + 1)}${base64url.encode(signature)}`;
}
