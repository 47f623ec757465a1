// Set-Cookie values for the app's own cookies: always HttpOnly, Secure over HTTPS, SameSite set.
// Runtime: edge and Node.
export interface CookieAttributes {
  path: string;
  maxAge: number;
  secure: boolean;
  sameSite: 'lax' | 'strict';
  httpOnly?: boolean;
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
