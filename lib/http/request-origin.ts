// The request's own origin (scheme, host, port), believed only from the connection or trusted proxies.
// Runtime: edge and Node. The middleware works it out once and stamps it; handlers read the stamp.
import type { Config } from '../config';

export type ProxyTrust = Pick<Config, 'trustProxyHops'>;

/**
 * The header the middleware stamps with the request's trusted origin. It starts with `x-authlab-`,
 * so the middleware deletes any value a client sends (see `stripIdentityHeaders`) before setting its own.
 */
export const ORIGIN_HEADER = 'x-authlab-origin';

/** The rightmost entry of a comma-separated `X-Forwarded-*` header: the one the proxy nearest to us wrote. */
function nearestEntry(value: string | null): string | undefined {
  if (value === null) return undefined;
  const comma = value.lastIndexOf(',');
  const entry = (comma < 0 ? value : value.slice(comma + 1)).trim();
  return entry === '' ? undefined : entry;
}

/**
 * `https` or `http`. Behind trusted proxies (TRUST_PROXY_HOPS > 0) what the nearest one says in
 * X-Forwarded-Proto; otherwise the connection's own scheme, which is the request URL's (the launcher's
 * preload, scripts/peer-address.cjs, overwrites a client's X-Forwarded-Proto, which Next would believe).
 */
export function requestScheme(request: Request, trust: ProxyTrust): 'https' | 'http' {
  if (trust.trustProxyHops > 0) {
    const proto = nearestEntry(request.headers.get('x-forwarded-proto'));
    if (proto !== undefined) return proto.toLowerCase() === 'https' ? 'https' : 'http';
  }
  return request.url.startsWith('https:') ? 'https' : 'http';
}

/** The host the client asked for: `Host`, or behind trusted proxies the nearest X-Forwarded-Host. */
export function requestHost(request: Request, trust: ProxyTrust): string | null {
  if (trust.trustProxyHops > 0) {
    const forwarded = nearestEntry(request.headers.get('x-forwarded-host'));
    if (forwarded !== undefined) return forwarded;
  }
  return request.headers.get('host');
}

/** `scheme://host[:port]` as a browser serializes it (lower case, default port dropped), or `undefined` for a bad host. */
export function serializeOrigin(scheme: 'https' | 'http', host: string | null): string | undefined {
  if (host === null || host === '' || /[\s/?#@\\]/.test(host)) return undefined;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return undefined;
  }
}

/** The request's own origin from the connection or trusted proxies; see `requestScheme` and `requestHost`. */
export function requestOrigin(request: Request, trust: ProxyTrust): string | undefined {
  return serializeOrigin(requestScheme(request, trust), requestHost(request, trust));
}

/**
 * The origin the middleware stamped, or (for code running without it: unit tests, a handler outside
 * the matcher) the one the request itself gives, trusting no proxy.
 */
export function stampedOrigin(request: Request): string | undefined {
  return request.headers.get(ORIGIN_HEADER) ?? requestOrigin(request, { trustProxyHops: 0 });
}
