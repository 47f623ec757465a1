// The app's cookies over HTTP: reading one from a request, and the Set-Cookie values that set or clear one.
// Runtime: edge and Node. Always HttpOnly, Secure whenever the request came over HTTPS, SameSite set.
export interface CookieAttributes {
  path: string;
  maxAge: number;
  secure: boolean;
  sameSite: 'lax' | 'strict';
  httpOnly?: boolean;
}

/** The value of the first cookie called `name` in the request's Cookie header (the browser sends the most specific path first). */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
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
