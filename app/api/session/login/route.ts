// POST /api/session/login: signs in with a cookie session; always a new session id.
import { EXPLAIN_WINDOW_SECONDS, SESSION_COOKIE, createSession, endSessionByCookie } from '@/lib/auth/session';
import { sessionCookie } from '@/lib/auth/session-http';
import { signIn } from '@/lib/auth/sign-in';
import { getConfig } from '@/lib/config';
import { readCookie } from '@/lib/http/cookies';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    const { user, lifetimes } = await signIn(request);
    const config = getConfig();
    // The browser's previous session (if any) ends here, so two live sessions never share a cookie jar.
    const previous = readCookie(request, SESSION_COOKIE);
    if (previous) await endSessionByCookie(previous, config, 'replaced');
    const created = await createSession(
      user,
      { sessionPassword: config.sessionPassword, idleTtl: lifetimes.sessionIdleTtl, absoluteTtl: lifetimes.sessionAbsoluteTtl },
      { userAgent: request.headers.get('user-agent') ?? '', maxPerUser: config.sessionMaxPerUser },
    );
    return json(
      { user, session: created.info },
      { headers: { 'Set-Cookie': sessionCookie(request, created.cookieValue, lifetimes.sessionAbsoluteTtl + EXPLAIN_WINDOW_SECONDS) } },
    );
  },
});
