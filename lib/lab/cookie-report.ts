// Which cookies a request carried, by NAME only, and which of the app's cookies reach a given path.
// Runtime: Node and edge. It reports names only: the console must not learn the values of HttpOnly secrets.
import {
  ACCESS_COOKIE,
  ACCESS_SIGNATURE_COOKIE,
  CELL_COOKIE,
  DEVICE_COOKIE,
  DEVICE_COOKIE_PATH,
  REFRESH_BIND_COOKIE,
  REFRESH_BOTH_BIND_COOKIE,
  REFRESH_BOTH_COOKIE,
  REFRESH_COOKIE,
  REFRESH_COOKIE_BIND_COOKIE,
  REFRESH_COOKIE_COOKIE,
  REFRESH_COOKIE_PATH,
  SESSION_BOTH_COOKIE,
  SESSION_COOKIE,
  cookieName,
} from '../http/cookie-names';
import { pathMatches } from '../http/cookie-path';
import { cookieNames, cookieSizes } from '../http/cookies';

/**
 * The app's cookies and the Path each is set with (see session-http.ts, token-http.ts, refresh-binding.ts and device-cookie.ts):
 * the two diagonal cells' first, then the other cells' own (each cell has cookies of its own).
 */
export const APP_COOKIES: readonly { name: string; path: string }[] = [
  { name: SESSION_COOKIE, path: '/' },
  { name: REFRESH_COOKIE, path: REFRESH_COOKIE_PATH },
  // Each refresh cookie's companion (refresh-binding.ts): the refresh cookie is only used beside it, so it goes along.
  { name: REFRESH_BIND_COOKIE, path: '/' },
  { name: SESSION_BOTH_COOKIE, path: '/' },
  { name: ACCESS_COOKIE, path: '/' },
  { name: ACCESS_SIGNATURE_COOKIE, path: '/' },
  { name: REFRESH_COOKIE_COOKIE, path: REFRESH_COOKIE_PATH },
  { name: REFRESH_COOKIE_BIND_COOKIE, path: '/' },
  { name: REFRESH_BOTH_COOKIE, path: REFRESH_COOKIE_PATH },
  { name: REFRESH_BOTH_BIND_COOKIE, path: '/' },
  // Not a credential: it only lets a sign-in of the user it names skip the untrusted queue and lockout (device-cookie.ts).
  { name: DEVICE_COOKIE, path: DEVICE_COOKIE_PATH },
];

/** Every cookie of the app: the credentials, and the sign-in marker (no secret; see cell.ts). */
const CELL_COOKIES = [...APP_COOKIES, { name: CELL_COOKIE, path: '/' }];

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
  // The sign-in marker is no credential (it only orders the jar's own cells): left out, so the console's
  // copied commands carry credentials alone.
  const own = new Set([...APP_COOKIES.map((c) => c.name), CELL_COOKIE]);
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
 * The app's cookies a request carried (every cell's session, access, signature and refresh cookies,
 * and the sign-in marker: whichever the browser attached), with their sizes. A page script can't read them, so the inspectors ask the server.
 */
export function carriedAppCookies(cookieHeader: string | null, https: boolean): CarriedCookie[] {
  const paths = new Map(CELL_COOKIES.map(({ name, path }) => [cookieName(name, https), path]));
  return cookieSizes(cookieHeader).flatMap(({ name, bytes }) => {
    const path = paths.get(name);
    return path !== undefined ? [{ name, bytes, path }] : [];
  });
}
