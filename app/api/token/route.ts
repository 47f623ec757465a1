// POST /api/token: signs in for JWT mode; an access token in the body, a refresh token as a cookie.
import { startFamily } from '@/lib/auth/refresh';
import { signIn } from '@/lib/auth/sign-in';
import { tokenResponse } from '@/lib/auth/token-http';
import { getConfig } from '@/lib/config';
import { route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    const { user, lifetimes } = await signIn(request);
    const config = getConfig();
    return tokenResponse(request, config, user, await startFamily(user, lifetimes, { maxPerUser: config.sessionMaxPerUser }));
  },
});
