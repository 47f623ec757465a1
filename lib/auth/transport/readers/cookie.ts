// The cookie reader: what the browser attached by itself, when there is no bearer value.
// Runtime: edge and Node. A session cookie is read before an access-token cookie (sign-in clears the other).
import { readCookie } from '../../../http/cookies';
import { AuthError } from '../../../http/errors';
import { SESSION_COOKIE } from '../../session';
import type { Credential } from '../credential';
import { ACCESS_COOKIE, ACCESS_SIGNATURE_COOKIE } from '../transport';

export function readCookies(request: Request): Credential | null {
  const session = readCookie(request, SESSION_COOKIE);
  if (session) return { mode: 'session', transport: 'cookie', cookie: session };
  const token = readCookie(request, ACCESS_COOKIE);
  if (token) return { mode: 'jwt', transport: 'cookie', token };
  if (readCookie(request, ACCESS_SIGNATURE_COOKIE)) {
    throw new AuthError('unauthenticated', "This is a split JWT's signature cookie alone; send its header.payload as the bearer token.", {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  return null;
}
