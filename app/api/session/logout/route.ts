// POST /api/session/logout: deletes the server record and clears the cookie, so a copied cookie (or
// session token) stops working. A "header" session is named by its bearer token, the others by their
// cell's cookie. One browser may hold a session in several cells: the `Authlab-Cell` header (else the
// bearer's form, else the latest sign-in) says which one ends; the others stay signed in.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { endSessionByCookie } from '@/lib/auth/session';
import { clearedSessionCookie } from '@/lib/auth/session-http';
import { chooseCell, selectedCellOf, transportOf } from '@/lib/auth/transport/cell';
import { bearerToken } from '@/lib/auth/transport/readers/header';
import { SESSION_TOKEN_PREFIX, bearerForm, type Transport } from '@/lib/auth/transport/transport';
import { getConfig } from '@/lib/config';
import { SESSION_COOKIE_OF } from '@/lib/http/cookie-names';
import { readCookie } from '@/lib/http/cookies';
import { json, route } from '@/lib/http/route';

/** Which session cell the request means to sign out of, `undefined` when it carries none. */
function logoutCell(request: Request, bearer: string | null): Transport | undefined {
  const selected = selectedCellOf(request, 'session', 'POST /api/session/logout');
  if (selected !== undefined) return transportOf(selected);
  const form = bearer === null ? undefined : bearerForm(bearer);
  if (form === 'session-token') return 'header';
  if (form === 'session-pair') return 'both';
  const present = (['cookie', 'both'] as const).filter((t) => readCookie(request, SESSION_COOKIE_OF[t]));
  const chosen = chooseCell(
    request,
    present.map((t) => (t === 'cookie' ? 'session-cookie' : 'session-both')),
  );
  return chosen === undefined ? undefined : transportOf(chosen);
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const config = getConfig();
    const bearer = bearerToken(request);
    const transport = logoutCell(request, bearer);
    let ended = false;
    // If the store is down this throws 503 and the cookie stays: clearing it would only look like a sign-out.
    if (transport === 'header') {
      const sessionId = bearer !== null && bearerForm(bearer) === 'session-token' ? bearer.slice(SESSION_TOKEN_PREFIX.length) : undefined;
      ended = sessionId ? await endSessionByCookie({ sessionId }, config, 'logout') : false;
      return json({ status: 'signed_out', ended });
    }
    const cookie = transport === undefined ? undefined : readCookie(request, SESSION_COOKIE_OF[transport]);
    // A double session id is ended by its cookie; the header half (`pair_…`) alone names nothing.
    ended = cookie ? await endSessionByCookie(cookie, config, 'logout') : false;
    return json({ status: 'signed_out', ended }, { headers: { 'Set-Cookie': clearedSessionCookie(request, transport ?? 'cookie') } });
  },
});
