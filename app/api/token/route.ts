// POST /api/token: signs in for JWT mode; an access token in the body, a refresh token as a cookie.
import { startFamily } from '@/lib/auth/refresh';
import { signIn } from '@/lib/auth/sign-in';
import { tokenResponse } from '@/lib/auth/token-http';
import { getConfig } from '@/lib/config';
import { route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    const { user, lifetimes, endsAt } = await signIn(request);
    const config = getConfig();
    const family = await startFamily(
      user,
      { ...lifetimes, refreshAbsoluteTtl: config.refreshAbsoluteTtl },
      endsAt === undefined ? {} : { notAfter: endsAt },
    );
    return tokenResponse(request, config, user, family);
  },
});
