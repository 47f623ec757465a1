// The app's cookies over HTTP: reading one from a request, and the Set-Cookie values that set or clear one.
// Runtime: edge and Node. Always HttpOnly, Secure whenever the request came over HTTPS, SameSite set.
import { cookieName } from './cookie-names';
import { ORIGIN_HEADER } from './request-origin';
export interface CookieAttributes {
  path: string;
  maxAge: number;
  secure: boolean;
  sameSite: 'lax' | 'strict';
  httpOnly?: boolean;
}

/** The parts of a `Cookie` header as [name, value], in order, blanks trimmed; a part without `=` is all name. */
function cookieParts(header: string | null): [name: string, value: string][] {
  if (!header) return [];
  return header.split(';').map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [part.trim(), ''] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
  });
}

/**
 * The value of the cookie called `name` in the request's Cookie header, under the name's spelling for
 * the request's scheme (`__Host-…` / `__Secure-…` over HTTPS for the app's cookies, see `cookieName`):
 * the other spelling is not read. The middleware has already refused a request carrying an app cookie twice.
 */
export function readCookie(request: Request, name: string): string | undefined {
  if (name === '') return undefined;
  const wanted = cookieName(name, isHttps(request));
  return cookieParts(request.headers.get('cookie')).find(([n]) => n === wanted)?.[1];
}

/**
 * Every value of the cookie called `name` (under its spelling for the scheme), in order: for a cookie the edge
 * does not refuse in duplicate (the device cookie), whose reader picks the copy that proves something (one tossed
 * in by a sibling host proves nothing, and must not hide the genuine one). All of them: a browser sends copies
 * for longer paths first, so any cap would let tossed copies push the genuine one out (outside check "ninth-a"
 * F1); the edge has already refused a header of more than MAX_COOKIES cookies.
 */
export function readCookieCopies(request: Request, name: string): string[] {
  return cookieValues(request.headers.get('cookie'), cookieName(name, isHttps(request)));
}

/** Every value of a `Cookie` header under exactly this name, in order (blanks trimmed; a part without `=` is all name). */
export function cookieValues(header: string | null, name: string): string[] {
  return cookieParts(header)
    .filter(([n]) => n === name)
    .map(([, value]) => value);
}

/** The distinct cookie names of a `Cookie` header, in order; never the values. */
export function cookieNames(header: string | null): string[] {
  return [...new Set(cookieParts(header).flatMap(([name]) => (name === '' ? [] : [name])))];
}

/** Each distinct cookie of a `Cookie` header by name with its size (`name=value`, bytes); never the value. */
export function cookieSizes(header: string | null): { name: string; bytes: number }[] {
  const seen = new Map<string, number>();
  for (const [name, value] of cookieParts(header)) {
    if (name !== '' && !seen.has(name)) seen.set(name, new TextEncoder().encode(`${name}=${value}`).length);
  }
  return [...seen].map(([name, bytes]) => ({ name, bytes }));
}

/**
 * Whether the request came over HTTPS, as the middleware judged it (the connection, or a trusted
 * proxy: see `requestScheme`); a client's own X-Forwarded-Proto is never believed here.
 */
export function isHttps(request: Request): boolean {
  return (request.headers.get(ORIGIN_HEADER) ?? request.url).startsWith('https:');
}

/** A Cookie header longer than this is refused at the edge (431): the app's own cookies are well under 2 kB. */
export const MAX_COOKIE_HEADER_BYTES = 8 * 1024;
/** More cookies than this are refused at the edge (431): the app sets at most a handful. */
export const MAX_COOKIES = 100;

/**
 * What is wrong with a Cookie header before anything parses it: `too_large`, `too_many`, or those of
 * `names` that appear more than once, in the order of `names` (cookie tossing: a second cookie of our name,
 * set by a sibling subdomain or for a longer path, would otherwise win or lose by order). All of them, so one
 * refusal can clear every tossed name (outside check "eighth" E4). No copies of the header.
 */
export function cookieHeaderProblem(
  header: string | null,
  names: readonly string[],
): { kind: 'too_large' } | { kind: 'too_many' } | { kind: 'duplicate'; names: string[] } | undefined {
  if (header === null) return undefined;
  if (header.length > MAX_COOKIE_HEADER_BYTES) return { kind: 'too_large' };
  let count = 1;
  for (let i = header.indexOf(';'); i >= 0; i = header.indexOf(';', i + 1)) count++;
  if (count > MAX_COOKIES) return { kind: 'too_many' };
  const doubled = names.filter((name) => occurrences(header, name) > 1);
  return doubled.length > 0 ? { kind: 'duplicate', names: doubled } : undefined;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** How many parts of a Cookie header have exactly this name (as `readCookie` would read them). */
function occurrences(header: string, name: string): number {
  let found = 0;
  for (let at = header.indexOf(name); at >= 0; at = header.indexOf(name, at + 1)) {
    let before = at - 1;
    while (isBlank(header[before])) before--;
    if (before >= 0 && header[before] !== ';') continue;
    let after = at + name.length;
    while (isBlank(header[after])) after++;
    if (after < header.length && header[after] !== '=' && header[after] !== ';') continue;
    found++;
  }
  return found;
}

/** A Set-Cookie value; with `secure`, an app cookie gets its prefixed name (see `cookieName`). */
export function serializeCookie(name: string, value: string, a: CookieAttributes): string {
  const parts = [`${cookieName(name, a.secure)}=${value}`, `Path=${a.path}`, `Max-Age=${Math.max(0, Math.floor(a.maxAge))}`];
  if (a.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (a.httpOnly !== false) parts.push('HttpOnly');
  if (a.secure) parts.push('Secure');
  parts.push(`SameSite=${a.sameSite === 'strict' ? 'Strict' : 'Lax'}`);
  return parts.join('; ');
}

/** A Set-Cookie that makes the browser drop the cookie at once. */
export function clearCookie(name: string, path: string, secure: boolean, sameSite: 'lax' | 'strict' = 'lax'): string {
  return serializeCookie(name, '', { path, maxAge: 0, secure, sameSite });
}
