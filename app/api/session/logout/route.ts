// POST /api/session/logout: deletes the server record and clears the cookie, so a copied cookie (or
// session token) stops working. A "header" session is named by its bearer token, the others by the cookie.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { SESSION_COOKIE, endSessionByCookie } from '@/lib/auth/session';
import { clearedSessionCookie } from '@/lib/auth/session-http';
import { bearerToken } from '@/lib/auth/transport/readers/header';
import { SESSION_TOKEN_PREFIX, bearerForm } from '@/lib/auth/transport/transport';
import { getConfig } from '@/lib/config';
import { readCookie } from '@/lib/http/cookies';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const config = getConfig();
    const cookie = readCookie(request, SESSION_COOKIE);
    const bearer = bearerToken(request);
    const sessionId = bearer !== null && bearerForm(bearer) === 'session-token' ? bearer.slice(SESSION_TOKEN_PREFIX.length) : undefined;
    // If the store is down this throws 503 and the cookie stays: clearing it would only look like a sign-out.
    const endedByToken = sessionId ? await endSessionByCookie({ sessionId }, config, 'logout') : false;
    const ended = (cookie ? await endSessionByCookie(cookie, config, 'logout') : false) || endedByToken;
    return json({ status: 'signed_out', ended }, { headers: { 'Set-Cookie': clearedSessionCookie(request) } });
  },
});
