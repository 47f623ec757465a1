// The header reader: a bearer value that is whole by itself (a JWT, or an opaque session token).
// Runtime: edge and Node.
import { invalidToken } from '../../jwt';
import type { Credential } from '../credential';
import { SESSION_TOKEN_PREFIX, bearerForm } from '../transport';

/**
 * The bearer token of an `Authorization` header, `null` when there is none or another scheme, or a 401
 * for a malformed one. One form only: `Bearer`, in any case (auth schemes are case-insensitive, RFC 9110),
 * one space, the token. Extra spaces, tabs or anything after the token are refused, not trimmed, so one
 * token has one header spelling (the HTTP parser already drops blanks around the whole value).
 */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (header === null) return null;
  // "Bearer" followed by anything but more token characters: ours to judge (Bearerx is another scheme).
  if (!/^bearer(?![!#$%&'*+.^_`|~0-9a-z-])/i.test(header)) return null;
  if (header.length <= 7 || header.trim().length <= 6) throw invalidToken('the Authorization header has no token');
  const token = header.slice(7);
  if (header[6] !== ' ' || /\s/.test(token)) throw invalidToken('the Authorization header must be exactly "Bearer <token>" with one space');
  return token;
}

export function readHeader(_request: Request, bearer: string): Credential {
  if (bearerForm(bearer) === 'session-token') {
    return { mode: 'session', transport: 'header', sessionId: bearer.slice(SESSION_TOKEN_PREFIX.length) };
  }
  return { mode: 'jwt', transport: 'header', token: bearer };
}
