// POST /api/session/logout: deletes the server record and clears the cookie, so a copied cookie stops working.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { SESSION_COOKIE, endSessionByCookie } from '@/lib/auth/session';
import { clearedSessionCookie } from '@/lib/auth/session-http';
import { getConfig } from '@/lib/config';
import { readCookie } from '@/lib/http/cookies';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const cookie = readCookie(request, SESSION_COOKIE);
    // If the store is down this throws 503 and the cookie stays: clearing it would only look like a sign-out.
    const ended = cookie ? await endSessionByCookie(cookie, getConfig(), 'logout') : false;
    return json({ status: 'signed_out', ended }, { headers: { 'Set-Cookie': clearedSessionCookie(request) } });
  },
});
