// The client's network address for throttling: the socket's peer, or what trusted proxies say.
// Runtime: Node (route handlers). A client's own X-Forwarded-For is never believed without a proxy.
import type { Config } from '../config';

/**
 * With `TRUST_PROXY_HOPS=n`, the address the n-th proxy from us appended to X-Forwarded-For (the
 * entries to its left could be written by the client). Otherwise the socket peer that the launcher's
 * preload (scripts/peer-address.cjs) stamps on the request; "unknown" when neither exists.
 */
export function clientAddress(request: Request, config: Pick<Config, 'trustProxyHops'>): string {
  if (config.trustProxyHops > 0) {
    const hops = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const entry = hops[hops.length - config.trustProxyHops];
    if (entry) return entry.slice(0, 64);
  }
  return (request.headers.get('x-peer-address') ?? '').slice(0, 64) || 'unknown';
}
