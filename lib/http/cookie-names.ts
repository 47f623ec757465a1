// The app's cookie names, and their prefixed spellings over HTTPS (`__Host-`, `__Secure-`).
// Runtime: edge and Node. Its own module so the middleware can name the cookies without loading their modes.
// Each cell of the matrix (what the credential is × where it travels) has cookies of its own, so one
// browser can hold a credential in every cell at once: a sign-in replaces only its own cell's cookies.

/** Session in a cookie: the sealed session id, `HttpOnly`, `Path=/`. */
export const SESSION_COOKIE = 'authlab_session';
/** Double session id: its sealed cookie half, `HttpOnly`, `Path=/`; the page holds the `pair_…` half. */
export const SESSION_BOTH_COOKIE = 'authlab_session_both';
/** The refresh token of a JWT carried in a header, `HttpOnly`, `Path=/api/token` (the contract's refresh cookie). */
export const REFRESH_COOKIE = 'authlab_refresh';
/** The refresh token of a JWT carried in a cookie (same path). */
export const REFRESH_COOKIE_COOKIE = 'authlab_refresh_cookie';
/** The refresh token of a split JWT (same path). */
export const REFRESH_BOTH_COOKIE = 'authlab_refresh_both';
export const REFRESH_COOKIE_PATH = '/api/token';
/**
 * Each refresh cookie's companion (lib/auth/refresh-binding.ts): a MAC of the refresh family, `HttpOnly`, `Path=/`, so
 * `__Host-` over HTTPS. A refresh cookie is only used beside its companion: a sibling host can toss a `__Secure-`
 * refresh cookie of its own (login fixation), but no `__Host-` companion to go with it (outside check "eighth", E1).
 */
export const REFRESH_BIND_COOKIE = 'authlab_refresh_bind';
export const REFRESH_COOKIE_BIND_COOKIE = 'authlab_refresh_cookie_bind';
export const REFRESH_BOTH_BIND_COOKIE = 'authlab_refresh_both_bind';
/** JWT in a cookie: the whole access token, `HttpOnly`, `Path=/`. */
export const ACCESS_COOKIE = 'authlab_access';
/** Split JWT: only the signature, `HttpOnly`, `Path=/`; the page holds `<header>.<payload>`. */
export const ACCESS_SIGNATURE_COOKIE = 'authlab_access_sig';
/** "This browser signed in as <user> before" (lib/auth/device-cookie.ts): `HttpOnly`, on both sign-in routes only. */
export const DEVICE_COOKIE = 'authlab_device';
/** The narrowest path covering /api/session/login and /api/token. */
export const DEVICE_COOKIE_PATH = '/api';
/**
 * Not a credential: the cells this browser signed in to, latest first (`jwt-cookie.session-cookie`), so a
 * request that doesn't name its cell gets the latest sign-in's credential, as when a jar held only one.
 */
export const CELL_COOKIE = 'authlab_cell';

/**
 * Over HTTPS each cookie goes by a prefixed name the browser only accepts with `Secure` from a secure
 * page: `__Host-` also pins it to this host and `Path=/` (no sibling subdomain can toss one in), so it
 * is used wherever the path allows; the refresh cookies (scoped to /api/token) and the device cookie (/api) get `__Secure-`.
 */
const SECURE_NAMES: Readonly<Record<string, string>> = {
  [SESSION_COOKIE]: `__Host-${SESSION_COOKIE}`,
  [SESSION_BOTH_COOKIE]: `__Host-${SESSION_BOTH_COOKIE}`,
  [ACCESS_COOKIE]: `__Host-${ACCESS_COOKIE}`,
  [ACCESS_SIGNATURE_COOKIE]: `__Host-${ACCESS_SIGNATURE_COOKIE}`,
  [CELL_COOKIE]: `__Host-${CELL_COOKIE}`,
  [REFRESH_BIND_COOKIE]: `__Host-${REFRESH_BIND_COOKIE}`,
  [REFRESH_COOKIE_BIND_COOKIE]: `__Host-${REFRESH_COOKIE_BIND_COOKIE}`,
  [REFRESH_BOTH_BIND_COOKIE]: `__Host-${REFRESH_BOTH_BIND_COOKIE}`,
  [REFRESH_COOKIE]: `__Secure-${REFRESH_COOKIE}`,
  [REFRESH_COOKIE_COOKIE]: `__Secure-${REFRESH_COOKIE_COOKIE}`,
  [REFRESH_BOTH_COOKIE]: `__Secure-${REFRESH_BOTH_COOKIE}`,
  [DEVICE_COOKIE]: `__Secure-${DEVICE_COOKIE}`,
};

/** Each JWT cell's refresh cookie, by the transport of its access token. */
export const REFRESH_COOKIE_OF = {
  header: REFRESH_COOKIE,
  cookie: REFRESH_COOKIE_COOKIE,
  both: REFRESH_BOTH_COOKIE,
} as const;

/** Each JWT cell's refresh companion, by the transport of its access token. */
export const REFRESH_BIND_OF = {
  header: REFRESH_BIND_COOKIE,
  cookie: REFRESH_COOKIE_BIND_COOKIE,
  both: REFRESH_BOTH_BIND_COOKIE,
} as const;

/** Each cookie-carried session cell's cookie, by transport (a "header" session has none). */
export const SESSION_COOKIE_OF = { cookie: SESSION_COOKIE, both: SESSION_BOTH_COOKIE } as const;

/** The name a cookie is set and read under for this scheme: only one spelling is ever accepted. */
export function cookieName(name: string, https: boolean): string {
  return https ? (SECURE_NAMES[name] ?? name) : name;
}

/** Every name of the app's cookies but the device cookie, in both spellings: the ones whose duplicates are refused. */
export const APP_COOKIE_NAMES: readonly string[] = Object.entries(SECURE_NAMES)
  // Not the device cookie: it only adds trust, so a tossed copy must not take the whole API away (Path=/api,
  // and `__Secure-` can't keep a sibling host from setting one); only a copy whose MAC holds for the username counts (`readTrustedDevice`).
  .filter(([name]) => name !== DEVICE_COOKIE)
  .flat();
