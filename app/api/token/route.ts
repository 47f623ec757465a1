// POST /api/token: signs in for JWT mode; a refresh token as a cookie, and the access token where
// `transport` says: the body (default), an HttpOnly cookie, or split between the two.
import { startFamily } from '@/lib/auth/refresh';
import { pastCutoffSecond, readCutoff } from '@/lib/auth/revocation';
import { SESSION_COOKIE, endSessionByCookie } from '@/lib/auth/session';
import { clearedSessionCookie } from '@/lib/auth/session-http';
import { signIn } from '@/lib/auth/sign-in';
import { tokenResponse } from '@/lib/auth/token-http';
import { cookieCarried } from '@/lib/auth/transport/transport';
import { systemClock } from '@/lib/clock';
import { getConfig } from '@/lib/config';
import { readCookie } from '@/lib/http/cookies';
import { route } from '@/lib/http/route';
import { after } from 'next/server';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    const { user, lifetimes, endsAt, transport = 'header', deviceCookie } = await signIn(request);
    const config = getConfig();
    // Signed in within the second of a "sign out everywhere": the token's whole-second iat must fall after it.
    await pastCutoffSecond(await readCutoff(user.id), systemClock.now);
    const family = await startFamily(
      user,
      { ...lifetimes, refreshAbsoluteTtl: config.refreshAbsoluteTtl },
      { transport, maxPerUser: config.sessionMaxPerUser, defer: after, ...(endsAt === undefined ? {} : { notAfter: endsAt }) },
    );
    const response = await tokenResponse(request, config, user, family);
    response.headers.append('Set-Cookie', deviceCookie);
    const previous = readCookie(request, SESSION_COOKIE);
    if (previous && cookieCarried(transport)) {
      // The cookie reader reads a session cookie first: the browser's session ends, so this token is what it carries.
      await endSessionByCookie(previous, config, 'replaced');
      response.headers.append('Set-Cookie', clearedSessionCookie(request));
    }
    return response;
  },
});
