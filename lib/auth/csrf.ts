// CSRF defence for state-changing requests: the browser's `Origin` must be this site, scheme included.
// Runtime: edge and Node. Falls back to `Sec-Fetch-Site` when a browser sends no Origin.
import { AuthError } from '../http/errors';
import { stampedOrigin } from '../http/request-origin';

const rejected = (why: string) => new AuthError('csrf_rejected', `Cross-site request refused: ${why}.`);

/**
 * Throws 403 `csrf_rejected` unless the request comes from this site: the Origin's scheme, host and
 * port must all be the request's own (`https://x` is not `http://x`), the request's scheme taken from
 * the connection or trusted proxies only (see `requestScheme`). `Origin: null` (sandboxed frames, some
 * redirects) counts as foreign. A request with neither Origin nor Sec-Fetch-Site is not from a browser
 * page (browsers send Origin on every POST, PUT, PATCH and DELETE): curl or a server, which cannot ride
 * a visitor's cookies, so it passes. `own` is the request's trusted origin: the middleware passes the one
 * it worked out (a client's own `x-authlab-origin` must never count there); handlers read the stamp.
 */
export function assertSameOrigin(request: Request, own: string | undefined = stampedOrigin(request)): void {
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (origin === 'null') throw rejected('the Origin is "null"');
    let claimed: string;
    try {
      claimed = new URL(origin).origin;
    } catch {
      throw rejected('the Origin header is malformed');
    }
    // Browsers send the serialized origin and nothing else: another spelling of it (a path, a trailing
    // slash, upper case, a default or zero-padded port, user info, `127.1`) comes from no browser page.
    if (origin !== claimed) throw rejected(`${origin.slice(0, 200)} is not an origin as a browser spells it (${claimed})`);
    if (own === undefined || claimed !== own) throw rejected(`${origin.slice(0, 200)} is another origin than ${own ?? 'this one'}`);
    return;
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') throw rejected(`Sec-Fetch-Site is ${site}`);
}
