// Which cookies a request carried, by NAME only, and which of the app's cookies reach a given path.
// Runtime: Node and edge. It reports names only: the console must not learn the values of HttpOnly secrets.
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '../auth/refresh';
import { SESSION_COOKIE } from '../auth/session';
import { ACCESS_COOKIE, ACCESS_SIGNATURE_COOKIE, DEVICE_COOKIE, DEVICE_COOKIE_PATH, cookieName } from '../http/cookie-names';
import { pathMatches } from '../http/cookie-path';
import { cookieNames, cookieSizes } from '../http/cookies';

/** The app's own cookies and the Path each is set with (see session-http.ts and token-http.ts). */
export const APP_COOKIES: readonly { name: string; path: string }[] = [
  { name: SESSION_COOKIE, path: '/' },
  { name: REFRESH_COOKIE, path: REFRESH_COOKIE_PATH },
  // Not a credential: it only lets a sign-in of the user it names skip the untrusted queue and lockout (device-cookie.ts).
  { name: DEVICE_COOKIE, path: DEVICE_COOKIE_PATH },
];

export interface CookieReport {
  /** The path the caller asked about. */
  path: string;
  /** The path of the probe request itself; a cookie whose Path does not cover it is invisible here. */
  probePath: string;
  cookies: {
    name: string;
    cookiePath: string;
    /** Whether the browser attaches this cookie (when it holds one) to a request for `path`. */
    appliesToPath: boolean;
    /** Whether this probe carried it; `null` when its Path keeps it off the probe, so the server cannot tell. */
    carried: boolean | null;
  }[];
  /** Names of other cookies the probe carried (their Path is not visible to a server). */
  others: string[];
}

export { pathMatches };

export function cookieReport(cookieHeader: string | null, probePath: string, path: string): CookieReport {
  const carried = cookieNames(cookieHeader);
  const own = new Set(APP_COOKIES.map((c) => c.name));
  return {
    path,
    probePath,
    cookies: APP_COOKIES.map((c) => ({
      name: c.name,
      cookiePath: c.path,
      appliesToPath: pathMatches(c.path, path),
      carried: pathMatches(c.path, probePath) ? carried.includes(c.name) : null,
    })),
    others: carried.filter((name) => !own.has(name)),
  };
}

/** An app cookie this request carried: its name and size, for the inspectors. The value never leaves the server. */
export interface CarriedCookie {
  name: string;
  bytes: number;
  /** The Path it was set with (every app cookie is HttpOnly). */
  path: string;
}

/**
 * The app's credential cookies a request carried (session, access, signature, refresh: whichever the
 * browser attached), with their sizes. A page script can't read them, so the inspectors ask the server.
 */
export function carriedAppCookies(cookieHeader: string | null, https: boolean): CarriedCookie[] {
  const paths = new Map(
    [SESSION_COOKIE, ACCESS_COOKIE, ACCESS_SIGNATURE_COOKIE, REFRESH_COOKIE].map((n) => [
      cookieName(n, https),
      n === REFRESH_COOKIE ? REFRESH_COOKIE_PATH : '/',
    ]),
  );
  return cookieSizes(cookieHeader).flatMap(({ name, bytes }) => {
    const path = paths.get(name);
    return path !== undefined ? [{ name, bytes, path }] : [];
  });
}
