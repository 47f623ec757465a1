// How an issued access token reaches the client in each transport: the body's fields and the cookies.
// Runtime: edge and Node. The cookie cells keep the token (or its signature) where the page's script can't read it.
import { decodeJwt } from 'jose';
import { clearCookie, isHttps, serializeCookie } from '../../http/cookies';
import { ACCESS_COOKIE, ACCESS_SIGNATURE_COOKIE, type Transport } from './transport';

export interface CarriedToken {
  body: Record<string, unknown>;
  /** `Set-Cookie` values: the token's own cell's cookie; other cells' cookies are left alone. */
  cookies: string[];
}

/** Clears the access-token cookie of one JWT cell (the whole token, or the split JWT's signature); a header cell has none. */
export function clearedAccessCookies(request: Request, transport: Transport): string[] {
  const secure = isHttps(request);
  if (transport === 'cookie') return [clearCookie(ACCESS_COOKIE, '/', secure)];
  if (transport === 'both') return [clearCookie(ACCESS_SIGNATURE_COOKIE, '/', secure)];
  return [];
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
  switch (transport) {
    case 'header':
      return {
        body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn, transport },
        cookies: [],
      };
    case 'cookie':
      // The page sees what the token says, never the token: it can't be read, copied or replayed by script.
      return {
        body: { expires_in: expiresIn, transport, claims: decodeJwt(token) },
        cookies: [cookie(ACCESS_COOKIE, token)],
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
        cookies: [cookie(ACCESS_SIGNATURE_COOKIE, signature)],
      };
  }
}
