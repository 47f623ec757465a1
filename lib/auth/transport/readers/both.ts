// The "both" reader: half of the credential in the bearer, the other half in an HttpOnly cookie.
// Runtime: edge and Node. Either half alone is a 401: that is the point of splitting it. Each "both" cell
// has its own cookie (the double session id's, the split JWT's signature), so the bearer's form picks it.
import { readCookie } from '../../../http/cookies';
import { AuthError } from '../../../http/errors';
import { invalidToken } from '../../jwt';
import { SESSION_BOTH_COOKIE } from '../../../http/cookie-names';
import type { Credential } from '../credential';
import { ACCESS_SIGNATURE_COOKIE, SESSION_PAIR_PREFIX, bearerForm } from '../transport';

/** A JWS signature in base64url: 86 characters for ES256 and EdDSA, 43 for HS256; bounded either way. */
const SIGNATURE = /^[A-Za-z0-9_-]{16,1024}$/;

export function readBoth(request: Request, bearer: string): Credential {
  if (bearerForm(bearer) === 'session-pair') {
    const cookie = readCookie(request, SESSION_BOTH_COOKIE);
    if (!cookie) {
      throw new AuthError('unauthenticated', 'This is the header half of a double session id; its session cookie is missing.', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    return { mode: 'session', transport: 'both', cookie, pairSecret: bearer.slice(SESSION_PAIR_PREFIX.length) };
  }
  const signature = readCookie(request, ACCESS_SIGNATURE_COOKIE);
  if (!signature) throw invalidToken("it is a split JWT's header.payload, and its signature cookie is missing");
  if (!SIGNATURE.test(signature)) throw invalidToken('the signature cookie is malformed');
  return { mode: 'jwt', transport: 'both', token: `${bearer}.${signature}` };
}
