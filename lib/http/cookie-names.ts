// The app's cookie names, and their prefixed spellings over HTTPS (`__Host-`, `__Secure-`).
// Runtime: edge and Node. Its own module so the middleware can name the cookies without loading their modes.

export const SESSION_COOKIE = 'authlab_session';
export const REFRESH_COOKIE = 'authlab_refresh';
export const REFRESH_COOKIE_PATH = '/api/token';
/** JWT in a cookie: the whole access token, `HttpOnly`, `Path=/`. */
export const ACCESS_COOKIE = 'authlab_access';
/** Split JWT: only the signature, `HttpOnly`, `Path=/`; the page holds `<header>.<payload>`. */
export const ACCESS_SIGNATURE_COOKIE = 'authlab_access_sig';
/** "This browser signed in as <user> before" (lib/auth/device-cookie.ts): `HttpOnly`, on both sign-in routes only. */
export const DEVICE_COOKIE = 'authlab_device';
/** The narrowest path covering /api/session/login and /api/token. */
export const DEVICE_COOKIE_PATH = '/api';

/**
 * Over HTTPS each cookie goes by a prefixed name the browser only accepts with `Secure` from a secure
 * page: `__Host-` also pins it to this host and `Path=/` (no sibling subdomain can toss one in), so it
 * is used wherever the path allows; the refresh cookie (scoped to /api/token) and the device cookie (/api) get `__Secure-`.
 */
const SECURE_NAMES: Readonly<Record<string, string>> = {
  [SESSION_COOKIE]: `__Host-${SESSION_COOKIE}`,
  [ACCESS_COOKIE]: `__Host-${ACCESS_COOKIE}`,
  [ACCESS_SIGNATURE_COOKIE]: `__Host-${ACCESS_SIGNATURE_COOKIE}`,
  [REFRESH_COOKIE]: `__Secure-${REFRESH_COOKIE}`,
  [DEVICE_COOKIE]: `__Secure-${DEVICE_COOKIE}`,
};

/** The name a cookie is set and read under for this scheme: only one spelling is ever accepted. */
export function cookieName(name: string, https: boolean): string {
  return https ? (SECURE_NAMES[name] ?? name) : name;
}

/** Every name of every app cookie, in both spellings: the ones whose duplicates are refused. */
export const APP_COOKIE_NAMES: readonly string[] = Object.entries(SECURE_NAMES).flat();
