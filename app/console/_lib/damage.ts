// Damaging a JWT in the browser: a changed signature, or an unsigned `alg: none` rewrite.
// Runtime: browser and Node (pure). The server-signed variants (expired, wrong audience) come from /api/lab.

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

export function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The header and payload of a compact JWS, or undefined when it is not one. No signature check. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header: unknown = JSON.parse(base64UrlDecode(parts[0] ?? ''));
    const payload: unknown = JSON.parse(base64UrlDecode(parts[1] ?? ''));
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') return undefined;
    return { header: header as Record<string, unknown>, payload: payload as Record<string, unknown>, signature: parts[2] ?? '' };
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
    token: `${base64UrlEncode(JSON.stringify(header))}.${token.split('.')[1]}.`,
    note: `The header was rewritten to ${JSON.stringify(header)} and the signature removed.`,
  };
}
