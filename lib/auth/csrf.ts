// CSRF defence for state-changing requests: the browser's `Origin` must be this site.
// Runtime: edge and Node. Falls back to `Sec-Fetch-Site` when a browser sends no Origin.
import { AuthError } from '../http/errors';

const rejected = (why: string) => new AuthError('csrf_rejected', `Cross-site request refused: ${why}.`);

/**
 * Throws 403 `csrf_rejected` unless the request comes from this site. `Origin: null` (sandboxed
 * frames, some redirects) counts as foreign. A request with neither header is not from a browser
 * page (curl, a server), which cannot ride a visitor's cookies, so it passes.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  if (origin !== null) {
    if (origin === 'null') throw rejected('the Origin is "null"');
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw rejected('the Origin header is malformed');
    }
    if (!host || originHost.toLowerCase() !== host.toLowerCase()) throw rejected(`${origin} is another origin`);
    return;
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') throw rejected(`Sec-Fetch-Site is ${site}`);
}
