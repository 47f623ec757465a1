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
    if (entry) return throttlingAddress(entry);
  }
  return throttlingAddress(request.headers.get('x-peer-address') ?? '');
}

/**
 * One client, one spelling: an IPv4 address as itself (also when it comes IPv4-mapped, `::ffff:a.b.c.d`,
 * or with a port), an IPv6 address as its /64 network (one subscriber gets a whole /64 and can pick any
 * address in it, so counting single IPv6 addresses would let one client make 2^64 fresh starts).
 * Anything else is kept as it came, cut to 64 characters; nothing at all is "unknown".
 */
export function throttlingAddress(raw: string): string {
  let text = raw.trim().toLowerCase();
  if (text === '') return 'unknown';
  // [v6]:port, or v4:port (a single colon): the port is not part of the client.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.indexOf(':'));
  text = text.replace(/%.*$/, ''); // an IPv6 zone (fe80::1%eth0) names our interface, not the client
  if (IPV4.test(text)) return text;
  const groups = ipv6Groups(text);
  if (!groups) return raw.trim().slice(0, 64);
  // ::ffff:a.b.c.d (and its hex spelling): an IPv4 client on a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The eight 16-bit groups of an IPv6 address (`::` and a trailing dotted IPv4 allowed), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  if (!text.includes(':')) return undefined;
  let body = text;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(body);
  if (dotted?.[1] && dotted[2]) {
    if (!IPV4.test(dotted[2])) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = dotted[2].split('.').map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    body = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(':') : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const zeros = new Array<number>(8 - known).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...zeros, ...rest.map((g) => parseInt(g, 16)), ...tail];
}
