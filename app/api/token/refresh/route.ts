// POST /api/token/refresh: rotates the refresh token (from its cookie) and issues a new access token.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { REFRESH_COOKIE, rotate } from '@/lib/auth/refresh';
import { clearedRefreshCookie, tokenResponse } from '@/lib/auth/token-http';
import { getConfig } from '@/lib/config';
import { readCookie } from '@/lib/http/cookies';
import { AuthError } from '@/lib/http/errors';
import { route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const token = readCookie(request, REFRESH_COOKIE);
    if (!token) throw new AuthError('unauthenticated', 'There is no refresh token cookie; sign in first.');
    const config = getConfig();
    try {
      const { user, refresh } = await rotate(token, config);
      return await tokenResponse(request, config, user, refresh);
    } catch (error) {
      // A dead refresh token is cleared with the answer; an outage (503) keeps it.
      if (error instanceof AuthError && error.status === 401) {
        throw new AuthError(error.code, error.message, { headers: { 'Set-Cookie': clearedRefreshCookie(request) } });
      }
      throw error;
    }
  },
});
