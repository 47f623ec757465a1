// The HTTP side of JWT mode: the token response (body and access cookies in the family's transport)
// and the refresh cookie scoped to /api/token, with its companion (refresh-binding.ts).
// Runtime: Node (route handlers).
import 'server-only';
import type { Config } from '../config';
import { clearCookie, isHttps, serializeCookie } from '../http/cookies';
import { json } from '../http/route';
import { issueToken } from './jwt';
import { getKeyRing } from './keys';
import { REFRESH_COOKIE_OF } from '../http/cookie-names';
import { REFRESH_COOKIE_PATH, type IssuedRefresh } from './refresh';
import { clearedRefreshBinding, refreshBindingCookie, unboundRefreshClears } from './refresh-binding';
import { carryAccessToken } from './transport/access-cookies';
import type { Transport } from './transport/transport';
import type { User } from './users';

/**
 * 200 `{access_token, token_type, expires_in}` (or the cookie / split-JWT shape of the family's
 * transport) with the rotated refresh token as an HttpOnly cookie.
 */
export async function tokenResponse(request: Request, config: Config, user: User, refresh: IssuedRefresh): Promise<Response> {
  // The family goes into the token (`sid`): ending the family then ends this token too, while the denylist is on.
  const issued = await issueToken(user, { ring: await getKeyRing(config), config, ttl: refresh.accessTokenTtl, family: refresh.family });
  const transport = refresh.transport ?? 'header';
  // Each JWT cell has its own refresh cookie: a sign-in or rotation in one cell leaves the others' alone.
  const cookie = serializeCookie(REFRESH_COOKIE_OF[transport], refresh.token, {
    path: REFRESH_COOKIE_PATH,
    maxAge: refresh.expiresIn,
    secure: isHttps(request),
    sameSite: 'strict',
  });
  // Its `__Host-` companion: the refresh cookie is only used beside it (refresh-binding.ts); same family, same value.
  const binding = refreshBindingCookie(request, transport, refresh.family, refresh.expiresIn, config.sessionPassword);
  const carried = carryAccessToken(request, issued.token, issued.expiresIn, transport, refresh.expiresIn);
  const headers = new Headers();
  for (const value of [cookie, binding, ...carried.cookies]) headers.append('Set-Cookie', value);
  // refresh_expires_in: the page cannot read the HttpOnly cookie, but may show when it runs out.
  return json({ ...carried.body, refresh_expires_in: refresh.expiresIn }, { headers });
}

/** Clears one JWT cell's refresh cookie and its companion, never another cell's. */
export function clearedRefreshCookies(request: Request, transport: Transport = 'header'): string[] {
  return [
    clearCookie(REFRESH_COOKIE_OF[transport], REFRESH_COOKIE_PATH, isHttps(request), 'strict'),
    clearedRefreshBinding(request, transport),
  ];
}

/**
 * Clears for a refused refresh cookie (unknown, dead, ended, rotated): this cell's own, then every copy another host
 * could have tossed in, a batch per answer (a lone tossed copy is refused the same way: outside check "ninth-b" N1).
 */
export function refusedRefreshCookies(request: Request, transport: Transport, config: Pick<Config, 'trustProxyHops'>): string[] {
  return [...clearedRefreshCookies(request, transport), ...unboundRefreshClears(request, transport, config)];
}
