// POST /api/token: signs in for JWT mode; a refresh token as a cookie, and the access token where
// `transport` says: the body (default), an HttpOnly cookie, or split between the two. Each transport has
// its own refresh (and access) cookie, so this sign-in leaves the browser's other cells signed in.
import { startFamily } from '@/lib/auth/refresh';
import { pastCutoffSecond, readCutoff } from '@/lib/auth/revocation';
import { signIn } from '@/lib/auth/sign-in';
import { tokenResponse } from '@/lib/auth/token-http';
import { cellOf, markSignIn } from '@/lib/auth/transport/cell';
import { systemClock } from '@/lib/clock';
import { getConfig } from '@/lib/config';
import { route } from '@/lib/http/route';
import { after } from 'next/server';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    const { user, lifetimes, endsAt, transport = 'header', deviceCookies } = await signIn(request);
    const config = getConfig();
    // Signed in within the second of a "sign out everywhere": the token's whole-second iat must fall after it.
    await pastCutoffSecond(await readCutoff(user.id), systemClock.now);
    const family = await startFamily(
      user,
      { ...lifetimes, refreshAbsoluteTtl: config.refreshAbsoluteTtl },
      { transport, maxPerUser: config.sessionMaxPerUser, defer: after, ...(endsAt === undefined ? {} : { notAfter: endsAt }) },
    );
    const response = await tokenResponse(request, config, user, family);
    for (const cookie of deviceCookies) response.headers.append('Set-Cookie', cookie);
    // The latest sign-in wins for a request that doesn't name its cell (refresh, revoke, a cookie-only call).
    response.headers.append('Set-Cookie', markSignIn(request, cellOf('jwt', transport)));
    return response;
  },
});
