// What the middleware refuses before anything else runs: a Host it does not serve, and Cookie headers
// that are too big, too many, or carry one of the app's cookies twice. Runtime: edge (middleware).
import type { Config } from '../config';
import { hostAllowed } from './allowed-hosts';
import { MAX_COOKIES, MAX_COOKIE_HEADER_BYTES, cookieHeaderProblem } from './cookies';
import { AuthError } from './errors';
import { requestHost, requestScheme } from './request-origin';

/**
 * App cookies came twice (cookie tossing: a sibling host can set a same-named cookie for the parent domain,
 * over HTTPS too for the `__Secure-` names). Neither copy is read; the answer also clears every copy it can name,
 * so the browser isn't stuck with a jar that every later request would be refused for (outside check "final", F1),
 * of every doubled name at once, as far as MAX_CLEARS_BYTES allows (outside check "eighth" E4).
 */
export class DuplicateCookie extends AuthError {
  constructor(
    /** The doubled names, in the order they were found; `cleared` of them have their clears in `clears`. */
    readonly cookies: readonly string[],
    /** `Set-Cookie` values to send with the refusal. */
    readonly clears: readonly string[],
    readonly cleared: number = cookies.length,
  ) {
    const quoted = cookies.map((name) => `"${name}"`).join(', ');
    const which = cookies.length === 1 ? `the cookie ${quoted}` : `the cookies ${quoted}`;
    const done =
      cleared === cookies.length
        ? 'every copy is cleared: sign in again.'
        : `the copies of the first ${cleared} are cleared (the next request clears the rest): sign in again.`;
    super('duplicate_cookie', `The request carries ${which} more than once (cookie tossing?); ${done}`);
  }
}

/**
 * The most `Set-Cookie` bytes a refusal carries: one doubled name's clears always, more names while they fit.
 * Browsers refuse a response whose headers are too big (Chrome at 256 KiB), and then nothing is cleared at all.
 */
export const MAX_CLEARS_BYTES = 48 * 1024;

/** Leading path segments a clear names (every route of this app is shallower), and parent domains. */
const MAX_CLEARED_SEGMENTS = 4;
/** The shortest parent domains named (the registrable one, which siblings share, among them); the host and its parent are always named too. */
const MAX_PARENT_DOMAINS = 5;
const MAX_DOMAIN_LENGTH = 100;
/**
 * A path segment a clear may name: nothing that could end or split a Set-Cookie value (`;`, `,`, `=`, blanks,
 * controls), and short. The request path is the client's input; an unusual segment ends the list (outside check
 * "recheck", N1: a `,` in the path became a cookie of the attacker's choosing once Next split the header).
 */
const SAFE_SEGMENT = /^[A-Za-z0-9._~-]{1,48}$/;

/**
 * The paths a copy of a cookie sent with a request to `path` can have: `/`, and each leading part of the path
 * with and without its trailing slash (a cookie path matches when it is a prefix ending at `/` or at a segment's
 * end), as far as the segments are safe to repeat and at most MAX_CLEARED_SEGMENTS deep.
 */
export function cookiePathsFor(path: string): string[] {
  const paths = ['/'];
  let at = '';
  for (const segment of path.split('/').filter(Boolean).slice(0, MAX_CLEARED_SEGMENTS)) {
    if (!SAFE_SEGMENT.test(segment)) break;
    at += `/${segment}`;
    paths.push(at, `${at}/`);
  }
  return paths;
}

/**
 * `Set-Cookie` values that delete `name` wherever a copy that reached `path` on `host` can live: host-only and
 * for the host and each parent domain (two labels at least; not for an IP address or a one-label name like
 * localhost), at each path `cookiePathsFor` names. A `__Host-` cookie can only be host-only at `/`.
 *
 * Each `Domain=` clear has a twin with `; Secure; Partitioned` when a copy can be Secure (a `__Secure-` name, or
 * any name on a request that came over `https`): a sibling can set a partitioned (CHIPS) copy for the parent
 * domain from its own top-level page; its partition key is the top-level site, the app's own, so Chrome sends it
 * here, and a clear without `Partitioned` deletes only the unpartitioned copy (outside check "recheck2", R2-3; seen
 * in Chromium 150, e2e/partitioned-clears.spec.ts). Chrome takes a `Partitioned` cookie only with `Secure`; the
 * twin's `SameSite=Lax` deletes it all the same, and `Max-Age=0` sets nothing. A host-only partitioned copy is no
 * twin's business: only the host itself could set one, and a sibling's own host-only copy is never sent here.
 *
 * At most 9 paths × 15 (host-only, 7 domains of at most 100 characters and their twins), each path at most
 * 4 × 49 characters: under 42 kB at worst (MAX_CLEARS_BYTES holds one name's), about 5 kB for this app's routes
 * on a three-label host over HTTPS.
 */
export function tossedCookieClears(name: string, host: string, path: string, https: boolean): string[] {
  const prefixed = name.startsWith('__Secure-') || name.startsWith('__Host-');
  const secure = prefixed ? '; Secure' : '';
  const clear = (at: string, domain?: string) =>
    `${name}=; Path=${at}${domain ? `; Domain=${domain}` : ''}; Max-Age=0${secure}; HttpOnly; SameSite=Lax`;
  const partitioned = (at: string, domain: string) =>
    `${name}=; Path=${at}; Domain=${domain}; Max-Age=0; Secure; HttpOnly; SameSite=Lax; Partitioned`;
  const twins = prefixed || https;
  if (name.startsWith('__Host-')) return [clear('/')];
  const hostname = host.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  const isAddress = /^[\d.]+$/.test(hostname) || hostname.includes(':') || hostname.startsWith('[');
  const labels = hostname.split('.');
  // The host itself and its parent (a subdomain of the host, or a sibling at its depth, can toss there; a browser
  // keeps a `Domain=<host>` copy apart from a host-only one: outside check "eighth" E3), and the shortest parents:
  // a sibling host tosses for the domain they share, most often the registrable one (outside check "recheck2",
  // R2-1). No domain clears for a name longer than any this app is served under (a wildcard in ALLOWED_HOSTS
  // would otherwise let the answer grow with the Host: R2-2).
  const all = labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
  const domains =
    isAddress || labels.length < 2 || hostname.length > MAX_DOMAIN_LENGTH || !/^[a-z0-9.-]+$/.test(hostname)
      ? []
      : [...new Set([...all.slice(0, 2), ...all.slice(-MAX_PARENT_DOMAINS)])];
  return cookiePathsFor(path).flatMap((at) => [
    clear(at),
    ...domains.map((domain) => clear(at, domain)),
    ...(twins ? domains.map((domain) => partitioned(at, domain)) : []),
  ]);
}

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
    const path = new URL(request.url).pathname;
    const https = requestScheme(request, config) === 'https';
    const clears: string[] = [];
    let bytes = 0;
    let cleared = 0;
    for (const name of problem.names) {
      const more = tossedCookieClears(name, host ?? '', path, https);
      const size = more.reduce((sum, line) => sum + line.length + 14, 0);
      if (cleared > 0 && bytes + size > MAX_CLEARS_BYTES) break;
      clears.push(...more);
      bytes += size;
      cleared += 1;
    }
    return new DuplicateCookie(problem.names, clears, cleared);
  }
  return new AuthError(
    'request_header_fields_too_large',
    problem.kind === 'too_large'
      ? `The Cookie header is larger than ${MAX_COOKIE_HEADER_BYTES} bytes; clear this site's cookies.`
      : `The request carries more than ${MAX_COOKIES} cookies; clear this site's cookies.`,
  );
}
