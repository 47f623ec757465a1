// POST /api/token/revoke {token?}: ends the refresh family of the cookie; denylists the given access token's jti.
import { readCookie } from '@/lib/auth/authenticate';
import { assertSameOrigin } from '@/lib/auth/csrf';
import { denyToken } from '@/lib/auth/denylist';
import { verifyToken } from '@/lib/auth/jwt';
import { getKeyRing } from '@/lib/auth/keys';
import { REFRESH_COOKIE, familyOf, revokeFamily } from '@/lib/auth/refresh';
import { clearedRefreshCookie } from '@/lib/auth/token-http';
import { getConfig } from '@/lib/config';
import { AuthError } from '@/lib/http/errors';
import { json, readJson, route } from '@/lib/http/route';
import { z } from 'zod';

const Body = z.object({ token: z.string().min(1).max(4096).optional() });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const config = getConfig();
    const hasBody = (request.headers.get('content-length') ?? '0') !== '0' || request.headers.has('content-type');
    const { token } = hasBody ? await readJson(request, Body) : {};
    let denylisted: string | null = null;
    if (token) {
      // Only a token this app signed can be denylisted; an expired one needs no entry.
      try {
        const { identity } = await verifyToken(token, { ring: await getKeyRing(config), config });
        if (identity.token) {
          await denyToken(config.issuer, identity.token.jti, Date.parse(identity.token.expiresAt));
          denylisted = identity.token.jti;
        }
      } catch (error) {
        if (!(error instanceof AuthError) || error.code !== 'token_expired') throw error;
      }
    }
    const refresh = readCookie(request, REFRESH_COOKIE);
    const family = refresh ? await familyOf(refresh) : undefined;
    if (family) await revokeFamily(family, 'revoked');
    return json(
      { status: 'revoked', family_revoked: family !== undefined, denylisted_jti: denylisted },
      { headers: { 'Set-Cookie': clearedRefreshCookie(request) } },
    );
  },
});
