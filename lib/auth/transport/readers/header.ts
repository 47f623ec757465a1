// The header reader: a bearer value that is whole by itself (a JWT, or an opaque session token).
// Runtime: edge and Node.
import { invalidToken } from '../../jwt';
import type { Credential } from '../credential';
import { SESSION_TOKEN_PREFIX, bearerForm } from '../transport';

/** The bearer token of an `Authorization` header, `null` when there is none, or a 401 for a malformed one. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (header === null) return null;
  const match = /^Bearer(?:\s+(.*))?$/i.exec(header.trim());
  if (!match) return null; // Another scheme (Basic, ...) is not ours to judge.
  const token = (match[1] ?? '').trim();
  if (token === '') throw invalidToken('the Authorization header has no token');
  return token;
}

export function readHeader(_request: Request, bearer: string): Credential {
  if (bearerForm(bearer) === 'session-token') {
    return { mode: 'session', transport: 'header', sessionId: bearer.slice(SESSION_TOKEN_PREFIX.length) };
  }
  return { mode: 'jwt', transport: 'header', token: bearer };
}
