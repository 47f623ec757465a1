// The app's cookies over HTTP: reading one from a request, and the Set-Cookie values that set or clear one.
// Runtime: edge and Node. Always HttpOnly, Secure whenever the request came over HTTPS, SameSite set.
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

/** The value of the first cookie called `name` in the request's Cookie header (the browser sends the most specific path first). */
export function readCookie(request: Request, name: string): string | undefined {
  if (name === '') return undefined;
  return cookieParts(request.headers.get('cookie')).find(([n]) => n === name)?.[1];
}

/** The distinct cookie names of a `Cookie` header, in order; never the values. */
export function cookieNames(header: string | null): string[] {
  return [...new Set(cookieParts(header).flatMap(([name]) => (name === '' ? [] : [name])))];
}

/** `Secure` whenever the request came over HTTPS (directly, or as the proxy in front says). */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

export function serializeCookie(name: string, value: string, a: CookieAttributes): string {
  const parts = [`${name}=${value}`, `Path=${a.path}`, `Max-Age=${Math.max(0, Math.floor(a.maxAge))}`];
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
