// Second spellings of a compact JWT for tests: the high-S twin of an ES256 signature, and non-zero trailing bits.
import { base64url } from 'jose';

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The high-S twin of a low-S ES256 token: the same r, s replaced by n - s. Verifies with plain ECDSA. */
export function highSTwin(token: string): string {
  const dot = token.lastIndexOf('.');
  const signature = base64url.decode(token.slice(dot + 1));
  let s = P256_N - BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`);
  for (let i = 63; i >= 32; i--) {
    signature[i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return `${token.slice(0, dot + 1)}${base64url.encode(signature)}`;
}

/** Sets the unused low bits of the last character of one base64url text, if it has any (same bytes, other text). */
export function textWithTrailingBits(text: string): string | undefined {
  const unused = text.length % 4 === 2 ? 0b1111 : text.length % 4 === 3 ? 0b11 : 0;
  if (unused === 0) return undefined;
  return text.slice(0, -1) + ALPHABET[ALPHABET.indexOf(text.at(-1) as string) | 1];
}

/** The same, for one part (0, 1 or 2) of a compact JWT. */
export function withTrailingBits(token: string, part: number): string | undefined {
  const parts = token.split('.');
  const changed = textWithTrailingBits(parts[part] as string);
  if (changed === undefined) return undefined;
  parts[part] = changed;
  return parts.join('.');
}
