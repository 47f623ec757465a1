// How an issued access token reaches the client in each transport: the body's fields and the cookies.
// Runtime: edge and Node. The cookie cells keep the token (or its signature) where the page's script can't read it.
import { decodeJwt } from 'jose';
import { clearCookie, isHttps, serializeCookie } from '../../http/cookies';
import { ACCESS_COOKIE, ACCESS_SIGNATURE_COOKIE, type Transport } from './transport';

export interface CarriedToken {
  body: Record<string, unknown>;
  /** `Set-Cookie` values: the token's own cookies, and clears for the other cells' cookies. */
  cookies: string[];
}

/** Clears both access-token cookies: at sign-out, and when a sign-in chooses another cell. */
export function clearedAccessCookies(request: Request): string[] {
  const secure = isHttps(request);
  return [clearCookie(ACCESS_COOKIE, '/', secure), clearCookie(ACCESS_SIGNATURE_COOKIE, '/', secure)];
}

/**
 * The body and cookies for an access token in `transport`. The cookies live as long as the refresh
 * token (`cookieMaxAge`): the token's own `exp` decides, so an expired one answers `token_expired`
 * (refresh, then retry) rather than vanishing from the request.
 */
export function carryAccessToken(
  request: Request,
  token: string,
  expiresIn: number,
  transport: Transport,
  cookieMaxAge: number,
): CarriedToken {
  const secure = isHttps(request);
  const cookie = (name: string, value: string) =>
    serializeCookie(name, value, { path: '/', maxAge: cookieMaxAge, secure, sameSite: 'lax' });
  const [header = '', payload = '', signature = ''] = token.split('.');
  const [clearAccess, clearSignature] = clearedAccessCookies(request) as [string, string];
  switch (transport) {
    case 'header':
      return {
        body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn, transport },
        cookies: [clearAccess, clearSignature],
      };
    case 'cookie':
      // The page sees what the token says, never the token: it can't be read, copied or replayed by script.
      return {
        body: { expires_in: expiresIn, transport, claims: decodeJwt(token) },
        cookies: [cookie(ACCESS_COOKIE, token), clearSignature],
      };
    case 'both':
      return {
        body: {
          header_credential: `${header}.${payload}`,
          token_type: 'Bearer',
          expires_in: expiresIn,
          transport,
          claims: decodeJwt(token),
        },
        cookies: [cookie(ACCESS_SIGNATURE_COOKIE, signature), clearAccess],
      };
  }
}
