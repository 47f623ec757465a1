// POST /api/token/refresh: rotates the refresh token (from its cookie) and issues a new access token.
// Each JWT cell has its own refresh cookie: `Authlab-Cell` names the cell, else the latest sign-in's, else the only one.
// The cookie is used only beside its `__Host-` companion (refresh-binding.ts): a tossed one is refused and cleared.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { rotate } from '@/lib/auth/refresh';
import { requestBindsFamily, unboundRefresh } from '@/lib/auth/refresh-binding';
import { clearedRefreshCookies, refusedRefreshCookies, tokenResponse } from '@/lib/auth/token-http';
import { refreshCell } from '@/lib/auth/transport/refresh-cell';
import { getConfig } from '@/lib/config';
import { readCookie } from '@/lib/http/cookies';
import { REFRESH_COOKIE_OF } from '@/lib/http/cookie-names';
import { AuthError } from '@/lib/http/errors';
import { route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const transport = refreshCell(request, 'POST /api/token/refresh');
    const token = transport === undefined ? undefined : readCookie(request, REFRESH_COOKIE_OF[transport]);
    if (!token || transport === undefined) {
      const which = transport === undefined ? '' : ` for the jwt-${transport} cell`;
      throw new AuthError('unauthenticated', `There is no refresh token cookie${which}; sign in first.`);
    }
    const config = getConfig();
    try {
      const { user, refresh } = await rotate(token, config, {
        assertBound: (family) => {
          if (!requestBindsFamily(request, transport, family, config.sessionPassword)) throw unboundRefresh(request, transport, config);
        },
      });
      const response = await tokenResponse(request, config, user, refresh);
      // A refresh token moved by hand into another cell's cookie: its successor went to its own cell's cookie, so this one goes.
      if ((refresh.transport ?? 'header') !== transport) {
        for (const clear of clearedRefreshCookies(request, transport)) response.headers.append('Set-Cookie', clear);
      }
      return response;
    } catch (error) {
      // A dead refresh token is cleared with the answer (this cell's cookies only); an outage (503) keeps it. An unbound
      // one already carries the clears of every copy it can name.
      // It may also be a copy another host tossed in (junk, expired, somebody's ended sign-in), which a host-only clear
      // doesn't reach: the batched clears of every copy it can name come along, a batch per answer (outside check
      // "ninth-b" N1: such a copy stayed, and the next sign-in's refresh was a duplicate again).
      if (error instanceof AuthError && error.status === 401 && error.setCookies.length === 0) {
        throw new AuthError(error.code, error.message, {
          setCookies: refusedRefreshCookies(request, transport, config),
        });
      }
      throw error;
    }
  },
});
