// POST /api/session/login: signs in with a session; always a new session id. `transport` says where it
// travels: the sealed cookie (default), a bearer session token, or both (the double session id).
import { EXPLAIN_WINDOW_SECONDS, SESSION_COOKIE, createSession, endSessionByCookie } from '@/lib/auth/session';
import { sessionCookie } from '@/lib/auth/session-http';
import { signIn } from '@/lib/auth/sign-in';
import { clearedAccessCookies } from '@/lib/auth/transport/access-cookies';
import { sessionHeaderCredential } from '@/lib/auth/transport/session-cell';
import { cookieCarried } from '@/lib/auth/transport/transport';
import { getConfig } from '@/lib/config';
import { readCookie } from '@/lib/http/cookies';
import { json, route } from '@/lib/http/route';
import { after } from 'next/server';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    const { user, lifetimes, transport = 'cookie', deviceCookie } = await signIn(request);
    const config = getConfig();
    const headers = new Headers();
    headers.append('Set-Cookie', deviceCookie);
    if (cookieCarried(transport)) {
      // The browser's previous session (if any) ends here, so two live sessions never share a cookie jar;
      // an access-token cookie of an earlier JWT sign-in goes too, so the jar holds one credential.
      const previous = readCookie(request, SESSION_COOKIE);
      if (previous) await endSessionByCookie(previous, config, 'replaced');
      for (const cleared of clearedAccessCookies(request)) headers.append('Set-Cookie', cleared);
    }
    const created = await createSession(
      user,
      { sessionPassword: config.sessionPassword, idleTtl: lifetimes.sessionIdleTtl, absoluteTtl: lifetimes.sessionAbsoluteTtl },
      { userAgent: request.headers.get('user-agent') ?? '', transport, maxPerUser: config.sessionMaxPerUser, defer: after },
    );
    if (cookieCarried(transport)) {
      headers.append('Set-Cookie', sessionCookie(request, created.cookieValue, lifetimes.sessionAbsoluteTtl + EXPLAIN_WINDOW_SECONDS));
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
