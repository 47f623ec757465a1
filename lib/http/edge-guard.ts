// What the middleware refuses before anything else runs: a Host it does not serve, and Cookie headers
// that are too big, too many, or carry one of the app's cookies twice. Runtime: edge (middleware).
import type { Config } from '../config';
import { hostAllowed } from './allowed-hosts';
import { MAX_COOKIES, MAX_COOKIE_HEADER_BYTES, cookieHeaderProblem, cookieValues } from './cookies';
import { AuthError } from './errors';
import { requestHost, requestScheme } from './request-origin';

/**
 * App cookies came twice (cookie tossing: a sibling host can set a same-named cookie for the parent domain,
 * over HTTPS too for the `__Secure-` names). Neither copy is read; the answer also clears the copies it can name,
 * so the browser isn't stuck with a jar that every later request would be refused for (outside check "final", F1),
 * of every doubled name (outside check "eighth" E4), a batch of at most MAX_CLEARS_BYTES per answer (`clearsBatch`).
 */
export class DuplicateCookie extends AuthError {
  constructor(
    /** The doubled names, in the order they were found. */
    readonly cookies: readonly string[],
    /** `Set-Cookie` values to send with the refusal: a batch of clears, and the cursor of the next batch. */
    readonly clears: readonly string[],
    /** Whether this batch ends the list (else the next refusal sends the next batch). */
    readonly complete: boolean = true,
  ) {
    const quoted = cookies.map((name) => `"${name}"`).join(', ');
    const which = cookies.length === 1 ? `the cookie ${quoted}` : `the cookies ${quoted}`;
    const done = complete
      ? 'every copy this server can name is cleared: sign in again.'
      : 'this answer clears part of the copies this server can name, the next one clears more: try again, then sign in again.';
    // Sent like any error's cookies (`errorResponse`): the middleware needs no case of its own for them.
    super('duplicate_cookie', `The request carries ${which} more than once (cookie tossing?); ${done}`, { setCookies: clears });
  }
}

/**
 * The most bytes of `Set-Cookie` lines (clears and cursor) one answer carries. All the clears of one name can be
 * 20 kB and more; a proxy refuses an upstream answer whose headers outgrow its buffer (nginx's default
 * `proxy_buffer_size` is one 4 KiB page: a 502, so no clear would ever reach the browser; Node's HTTP client stops
 * at 16 KiB, Python's at 100 header lines: outside check "ninth-a" F2). So a refusal sends the clears in batches
 * that fit, with the rest of the answer, in 4 KiB, and a cursor cookie says where the next refusal goes on.
 */
export const MAX_CLEARS_BYTES = 2_800;
/** The bytes of device-cookie clears a sign-in answer carries (its own cookies and headers take the rest of 4 KiB). */
export const DEVICE_CLEARS_BYTES = 1_600;
/**
 * Which list of clears a cursor follows: the edge's refusal, a sign-in's device-cookie clears, or a refresh route's
 * clears of a refresh cookie it refused. Each has its own cursor cookie, so one kind of answer never restarts
 * another's progress (outside check "ninth-b" N1: one shared cursor went back and forth between two lists).
 */
export type ClearsKind = 'edge' | 'device' | 'refresh';
const CURSOR_OF: Record<ClearsKind, string> = {
  edge: 'authlab_clears',
  device: 'authlab_clears_device',
  refresh: 'authlab_clears_refresh',
};
/** A day: a browser that comes back later goes on where it stopped. */
const CURSOR_MAX_AGE = 86_400;

/** A cursor cookie's name for the scheme: `__Host-` over HTTPS, so a sibling host can't set it. */
const clearsCursorName = (https: boolean, kind: ClearsKind = 'edge') => (https ? `__Host-${CURSOR_OF[kind]}` : CURSOR_OF[kind]);

/** A short fingerprint of a list of clears (FNV-1a, 32 bits): the cursor only goes on through the same list. */
function fingerprint(lines: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const line of lines) {
    for (let i = 0; i < line.length; i += 1) hash = Math.imul(hash ^ line.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 10, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/** The copies of cursor cookie `name` the request carries: `doubled` when more than one (one tossed in?). */
function readCursor(cookieHeader: string | null, name: string): { print: string; at: number } | 'doubled' | undefined {
  const values = cookieValues(cookieHeader, name);
  if (values.length > 1) return 'doubled';
  const match = /^([0-9a-z]{1,7})\.(\d{1,4})$/.exec(values[0] ?? '');
  return match ? { print: match[1] ?? '', at: Number(match[2]) } : undefined;
}

/**
 * The batch of `lines` (clears, most likely places first, the app's own copy last) this answer sends: from where the
 * request's cursor of this `kind` says the last batch ended (for the same list; else from the start), as many as fit
 * in `budget` bytes with the cursor's own line, at least one; then the cursor for the next batch (back to the start
 * once the list is done). A list that fits goes at once, with no cursor. So a few answers in a row clear any copy the
 * whole list names, however long it is. Over plain HTTP a sibling can set a cursor cookie too (for the parent domain):
 * ours is host-only, so a forged one makes two, and two copies start over and have their copies at `/` cleared
 * (outside check "ninth-b" N2: a forged cursor at the list's last line kept a route refused for good). `host` names
 * where those copies can be. A list that fits goes whole, with no cursor: over HTTP (no Partitioned twins) that is
 * one name's list on a host of three labels; beyond that a sibling can still forge a cursor that costs the user
 * refusals, as it can toss any cookie over plain HTTP.
 */
export function clearsBatch(
  cookieHeader: string | null,
  lines: readonly string[],
  https: boolean,
  options: { budget?: number; kind?: ClearsKind; host?: string } = {},
): { lines: string[]; complete: boolean } {
  const { budget = MAX_CLEARS_BYTES, kind = 'edge', host = '' } = options;
  const name = clearsCursorName(https, kind);
  const size = (line: string) => line.length + 14; // "Set-Cookie: " and CRLF
  const cursorLine = (value: string) =>
    `${name}=${value}; Path=/; Max-Age=${CURSOR_MAX_AGE}${https ? '; Secure' : ''}; HttpOnly; SameSite=Lax`;
  const print = fingerprint(lines);
  const cursor = readCursor(cookieHeader, name);
  const total = lines.reduce((bytes, line) => bytes + size(line), 0);
  // A list that fits goes whole, whatever a cursor says (outside check "ninth-c" C2: over plain HTTP a forged cursor
  // at the list's last line sent only the clear of the app's own copy, and the tossed one was then read alone).
  if (total <= budget) return { lines: [...lines], complete: true };
  // Two cursors: start over, and clear the cursor's copies at `/` (where ours lives), within the budget (C1: the
  // clears of every place made the answer outgrow 4 KiB again); ours is set again after, last.
  const cursorClears = cursor === 'doubled' ? tossedCookieClears(name, host, '/', https) : [];
  const start = cursor !== undefined && cursor !== 'doubled' && cursor.print === print && cursor.at < lines.length ? cursor.at : 0;
  let bytes = cursorClears.reduce((sum, line) => sum + size(line), 0) + size(cursorLine(`${print}.${lines.length}`));
  const batch: string[] = [];
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (batch.length > 0 && bytes + size(line) > budget) break;
    batch.push(line);
    bytes += size(line);
  }
  const next = start + batch.length;
  const complete = next >= lines.length;
  return { lines: [...cursorClears, ...batch, cursorLine(`${print}.${complete ? 0 : next}`)], complete };
}

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
 * 4 × 49 characters: under 42 kB at worst, about 4 kB for this app's routes on a three-label host over HTTPS;
 * answers send them in batches (`clearsBatch`).
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
      : // Shortest first: the registrable domain, the likeliest to hold a sibling's toss, leads each path's clears.
        [...new Set([...all.slice(0, 2), ...all.slice(-MAX_PARENT_DOMAINS)])].sort((a, b) => a.length - b.length);
  // The deepest paths first (a sibling's copy for a longer path comes first in the Cookie header, so that is where it
  // puts one), the `Domain=` copies, which only another host can have set, before the host-only ones, which include the
  // app's own: sent in batches, the list clears the tossed copies before the app's own, so the request stays a
  // duplicate, refused and clearing, until every other copy it names is gone (outside check "ninth-b" N1: the own copy
  // went in the first batch, the tossed one was then read alone).
  const paths = cookiePathsFor(path).reverse();
  return [
    ...paths.flatMap((at) => [
      ...domains.map((domain) => clear(at, domain)),
      ...(twins ? domains.map((domain) => partitioned(at, domain)) : []),
    ]),
    ...paths.map((at) => clear(at)),
  ];
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
    const all = problem.names.flatMap((name) => tossedCookieClears(name, host ?? '', path, https));
    const batch = clearsBatch(request.headers.get('cookie'), all, https, { kind: 'edge', host: host ?? '' });
    return new DuplicateCookie(problem.names, batch.lines, batch.complete);
  }
  return new AuthError(
    'request_header_fields_too_large',
    problem.kind === 'too_large'
      ? `The Cookie header is larger than ${MAX_COOKIE_HEADER_BYTES} bytes; clear this site's cookies.`
      : `The request carries more than ${MAX_COOKIES} cookies; clear this site's cookies.`,
  );
}
