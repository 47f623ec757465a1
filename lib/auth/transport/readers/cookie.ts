// The cookie reader: what the browser attached by itself, when there is no bearer value.
// Runtime: edge and Node. A browser may hold a session cookie and an access-token cookie at once (each
// cell has its own cookies): the page's `Authlab-Cell` header picks, else the latest sign-in (see cell.ts).
import { readCookie } from '../../../http/cookies';
import { AuthError } from '../../../http/errors';
import { SESSION_BOTH_COOKIE, SESSION_COOKIE } from '../../../http/cookie-names';
import { chooseCell, type CellSlug } from '../cell';
import type { Credential } from '../credential';
import { ACCESS_COOKIE, ACCESS_SIGNATURE_COOKIE } from '../transport';

const challenge = { 'WWW-Authenticate': 'Bearer' };

/** A cell that needs a bearer value, named by the request, but the request sent none: 401, saying what is missing. */
function bearerMissing(cell: CellSlug): AuthError {
  return new AuthError('unauthenticated', `The request names the ${cell} cell, which sends a bearer value, but carries none.`, {
    headers: challenge,
  });
}

/** The cookie-only credential of the named cell, or a 401 saying which cookie is missing. */
function readNamed(request: Request, cell: CellSlug): Credential {
  if (cell === 'session-cookie') {
    const cookie = readCookie(request, SESSION_COOKIE);
    if (!cookie) throw new AuthError('unauthenticated', 'The request names the session-cookie cell, but carries no session cookie.');
    return { mode: 'session', transport: 'cookie', cookie };
  }
  if (cell === 'jwt-cookie') {
    const token = readCookie(request, ACCESS_COOKIE);
    if (!token)
      throw new AuthError('unauthenticated', 'The request names the jwt-cookie cell, but carries no access-token cookie.', {
        headers: challenge,
      });
    return { mode: 'jwt', transport: 'cookie', token };
  }
  throw bearerMissing(cell);
}

export function readCookies(request: Request, selected?: CellSlug): Credential | null {
  if (selected !== undefined) return readNamed(request, selected);
  const session = readCookie(request, SESSION_COOKIE);
  const token = readCookie(request, ACCESS_COOKIE);
  const present: ('session-cookie' | 'jwt-cookie')[] = [];
  if (session) present.push('session-cookie');
  if (token) present.push('jwt-cookie');
  const chosen = chooseCell(request, present);
  if (chosen === 'session-cookie' && session) return { mode: 'session', transport: 'cookie', cookie: session };
  if (chosen === 'jwt-cookie' && token) return { mode: 'jwt', transport: 'cookie', token };
  // Only half of a "both" credential: refused, never read as a whole one.
  if (readCookie(request, SESSION_BOTH_COOKIE)) {
    throw new AuthError(
      'unauthenticated',
      "This is a double session id's cookie alone: the cookie is not enough; send its header half as the bearer token too.",
      { headers: challenge },
    );
  }
  if (readCookie(request, ACCESS_SIGNATURE_COOKIE)) {
    throw new AuthError('unauthenticated', "This is a split JWT's signature cookie alone; send its header.payload as the bearer token.", {
      headers: challenge,
    });
  }
  return null;
}
