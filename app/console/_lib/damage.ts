// Damaging a JWT in the browser: a changed signature, or an unsigned `alg: none` rewrite.
// Runtime: browser and Node (pure). The server-signed variants (expired, wrong audience) come from /api/lab.
import { base64url, decodeJwt as decodeJwtPayload, decodeProtectedHeader } from 'jose';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

/** The header and payload of a compact JWS, or undefined when it is not one. No signature check. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwtPayload(token), signature: parts[2] ?? '' };
  } catch {
    return undefined;
  }
}

export interface Damaged {
  token: string;
  /** What was changed, for the console to show. */
  note: string;
}

/**
 * Changes the FIRST character of the signature. Not the last: in base64url the last character of
 * a signature carries padding bits, and some changes to it decode to the very same bytes.
 */
export function tamperSignature(token: string): Damaged {
  const parts = token.split('.');
  const signature = parts[2] ?? '';
  if (parts.length !== 3 || signature === '') throw new Error('This is not a signed JWT.');
  const first = signature.charAt(0);
  const replacement = first === 'A' ? 'B' : 'A';
  return {
    token: `${parts[0]}.${parts[1]}.${replacement}${signature.slice(1)}`,
    note: `The signature's first character was changed from "${first}" to "${replacement}"; header and payload are untouched.`,
  };
}

/** The same claims as an unsigned JWT: `alg` set to "none", the signature left empty. */
export function withAlgNone(token: string): Damaged {
  const decoded = decodeJwt(token);
  if (!decoded) throw new Error('This is not a JWT.');
  const header = { ...decoded.header, alg: 'none' };
  return {
    token: `${base64url.encode(JSON.stringify(header))}.${token.split('.')[1]}.`,
    note: `The header was rewritten to ${JSON.stringify(header)} and the signature removed.`,
  };
}
