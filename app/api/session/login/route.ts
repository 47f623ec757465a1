// POST /api/session/login: signs in with a session; always a new session id. `transport` says where it
// travels: the sealed cookie (default), a bearer session token, or both (the double session id).
import { EXPLAIN_WINDOW_SECONDS, createSession, endSessionByCookie } from '@/lib/auth/session';
import { sessionCookie } from '@/lib/auth/session-http';
import { signIn } from '@/lib/auth/sign-in';
import { cellOf, markSignIn } from '@/lib/auth/transport/cell';
import { sessionHeaderCredential } from '@/lib/auth/transport/session-cell';
import { getConfig } from '@/lib/config';
import { SESSION_COOKIE_OF } from '@/lib/http/cookie-names';
import { readCookie } from '@/lib/http/cookies';
import { json, route } from '@/lib/http/route';
import { after } from 'next/server';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    const { user, lifetimes, transport = 'cookie', deviceCookies } = await signIn(request);
    const config = getConfig();
    const headers = new Headers();
    for (const cookie of deviceCookies) headers.append('Set-Cookie', cookie);
    const cookieTransport = transport === 'header' ? undefined : transport;
    if (cookieTransport) {
      // This cell's previous session in this browser (if any) ends here, so two live sessions never share
      // one cookie. Other cells' credentials are left alone: one browser may hold every cell at once.
      const previous = readCookie(request, SESSION_COOKIE_OF[cookieTransport]);
      if (previous) await endSessionByCookie(previous, config, 'replaced');
    }
    const created = await createSession(
      user,
      { sessionPassword: config.sessionPassword, idleTtl: lifetimes.sessionIdleTtl, absoluteTtl: lifetimes.sessionAbsoluteTtl },
      { userAgent: request.headers.get('user-agent') ?? '', transport, maxPerUser: config.sessionMaxPerUser, defer: after },
    );
    if (cookieTransport) {
      headers.append(
        'Set-Cookie',
        sessionCookie(request, created.cookieValue, lifetimes.sessionAbsoluteTtl + EXPLAIN_WINDOW_SECONDS, cookieTransport),
      );
      // The latest sign-in wins for a request that doesn't name its cell (a header session sets no cookie at all).
      headers.append('Set-Cookie', markSignIn(request, cellOf('session', transport)));
    }
    const headerCredential = sessionHeaderCredential(transport, created.headerSecret);
    return json(
      {
        user,
        session: created.info,
        transport,
        ...(headerCredential ? { header_credential: headerCredential, token_type: 'Bearer' } : {}),
      },
      { headers },
    );
  },
});
