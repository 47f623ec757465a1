// What the middleware refuses before anything else runs: a Host it does not serve, and Cookie headers
// that are too big, too many, or carry one of the app's cookies twice. Runtime: edge (middleware).
import type { Config } from '../config';
import { hostAllowed } from './allowed-hosts';
import { MAX_COOKIES, MAX_COOKIE_HEADER_BYTES, cookieHeaderProblem } from './cookies';
import { AuthError } from './errors';
import { requestHost } from './request-origin';

/**
 * The refusal for a request no handler should see, or `undefined`. `appCookies` are the names whose
 * duplicates are refused (the app's own cookies; another site's cookie on a shared host is not ours).
 */
export function edgeRefusal(
  request: Request,
  config: Pick<Config, 'allowedHosts' | 'trustProxyHops'>,
  appCookies: readonly string[],
): AuthError | undefined {
  const host = requestHost(request, config);
  if (!hostAllowed(host, config.allowedHosts)) {
    // The name goes back only in a shortened, printable form: it is the client's own input.
    const shown = host === null ? 'no Host header' : `the host "${host.slice(0, 100).replace(/[^\x20-\x7e]/g, '?')}"`;
    return new AuthError(
      'misdirected_request',
      `This server does not answer for ${shown}; add the name to ALLOWED_HOSTS if it is this app's own.`,
    );
  }
  const problem = cookieHeaderProblem(request.headers.get('cookie'), appCookies);
  if (problem === undefined) return undefined;
  if (problem.kind === 'duplicate') {
    return new AuthError(
      'duplicate_cookie',
      `The request carries the cookie "${problem.name}" more than once (cookie tossing?); clear this site's cookies and sign in again.`,
    );
  }
  return new AuthError(
    'request_header_fields_too_large',
    problem.kind === 'too_large'
      ? `The Cookie header is larger than ${MAX_COOKIE_HEADER_BYTES} bytes; clear this site's cookies.`
      : `The request carries more than ${MAX_COOKIES} cookies; clear this site's cookies.`,
  );
}
