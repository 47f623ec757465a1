// Binds each JWT cell's refresh cookie to a `__Host-` companion holding a MAC of the refresh family, so a refresh cookie
// tossed in by a sibling host (login fixation, outside check "eighth" E1) is never used. Runtime: Node only (node:crypto).
import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from './derived-key';
import type { Config } from '../config';
import { REFRESH_BIND_OF, REFRESH_COOKIE_OF, cookieName } from '../http/cookie-names';
import { clearCookie, isHttps, readCookie, serializeCookie } from '../http/cookies';
import { clearsBatch, tossedCookieClears } from '../http/edge-guard';
import { AuthError } from '../http/errors';
import { requestHost } from '../http/request-origin';
import type { Transport } from './transport/transport';

/**
 * The refresh cookies are `Path=/api/token` (the contract's), so over HTTPS they can only be `__Secure-`, which a sibling
 * host can set for the parent domain: alone in the jar, a tossed one would sign the victim's page in to the attacker's
 * account. The companion is `Path=/`, hence `__Host-` over HTTPS, which no sibling can set; its value is a MAC of the
 * family (stable across rotations), so the attacker's own companion can't go with another family's token either.
 */
const REFRESH_BIND_PATH = '/';
/** HKDF `info` of the MAC key: its own key, derived from SESSION_PASSWORD like the other server keys (no extra secret). */
const BIND_KEY_INFO = 'authlab refresh binding v1';

const bindKey = derivedKey(BIND_KEY_INFO);

/** The companion's value for a refresh family: HMAC-SHA-256 of it, base64url (43 characters). */
export function refreshBinding(family: string, sessionPassword: string): string {
  return createHmac('sha256', bindKey(sessionPassword)).update(`v1\n${family}`).digest('base64url');
}

/** Whether `value` is the companion of `family`; compared in constant time, anything else (none, junk) is false. */
export function bindsFamily(value: string | undefined, family: string, sessionPassword: string): boolean {
  if (value === undefined || value.length > 100) return false;
  const given = Buffer.from(value);
  const expected = Buffer.from(refreshBinding(family, sessionPassword));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The Set-Cookie of a cell's companion: set beside its refresh cookie, with the same lifetime and SameSite. */
export function refreshBindingCookie(
  request: Request,
  transport: Transport,
  family: string,
  maxAge: number,
  sessionPassword: string,
): string {
  return serializeCookie(REFRESH_BIND_OF[transport], refreshBinding(family, sessionPassword), {
    path: REFRESH_BIND_PATH,
    maxAge,
    secure: isHttps(request),
    sameSite: 'strict',
  });
}

/** Clears one cell's companion (whenever its refresh cookie is cleared). */
export function clearedRefreshBinding(request: Request, transport: Transport): string {
  return clearCookie(REFRESH_BIND_OF[transport], REFRESH_BIND_PATH, isHttps(request), 'strict');
}

/**
 * The clears for a cell's unbound refresh cookie: every copy of it (and of its companion) the request can have carried,
 * host-only and for the parent domains, as the edge clears a duplicate: a tossed copy is set for the parent domain, so a
 * host-only clear alone would leave it in the jar. A batch of them per answer (`clearsBatch`).
 */
export function unboundRefreshClears(request: Request, transport: Transport, config: Pick<Config, 'trustProxyHops'>): string[] {
  const https = isHttps(request);
  const host = requestHost(request, config) ?? '';
  const path = new URL(request.url).pathname;
  // The companion's own (host-only, `/`) first, then the refresh cookie's, then the companion's other copies: over
  // HTTPS it is `__Host-` and has no others; over HTTP a sibling can toss it anywhere, as it can everything there.
  const bind = tossedCookieClears(cookieName(REFRESH_BIND_OF[transport], https), host, path, https);
  const [own = '', others] = [bind.at(-1), bind.slice(0, -1)]; // the host-only one at `/` comes last
  const all = [own, ...tossedCookieClears(cookieName(REFRESH_COOKIE_OF[transport], https), host, path, https), ...others];
  // In batches that fit 4 KiB of headers, like the edge's refusal: the next refusal sends the next batch.
  return clearsBatch(request.headers.get('cookie'), all, https, { kind: 'refresh', host }).lines;
}

/** 401 `invalid_token` for a refresh cookie without its companion; it clears that cell's refresh cookie everywhere it can. */
export function unboundRefresh(request: Request, transport: Transport, config: Pick<Config, 'trustProxyHops'>): AuthError {
  return new AuthError(
    'invalid_token',
    `The refresh cookie isn't bound to this browser: its companion cookie ${cookieName(REFRESH_BIND_OF[transport], isHttps(request))} ` +
      'is missing or belongs to another sign-in (was it set by another site?). It was not used and has been cleared; sign in again.',
    { setCookies: unboundRefreshClears(request, transport, config) },
  );
}

/**
 * Whether the request's companion for this cell binds `family`: the refresh cookie beside it may be used. Read before
 * anything is done with the token, so a tossed token is neither rotated nor taken for a reuse (its family is not ended).
 */
export function requestBindsFamily(request: Request, transport: Transport, family: string, sessionPassword: string): boolean {
  return bindsFamily(readCookie(request, REFRESH_BIND_OF[transport]), family, sessionPassword);
}
