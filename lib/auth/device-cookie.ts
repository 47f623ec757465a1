// Device cookies (OWASP "slow down online guessing attacks with device cookies"): proof that this browser signed in as a user before.
// Runtime: Node only (node:crypto). A value that is malformed, forged, expired or for another user is just "untrusted", never an error.
import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { derivedKey } from './derived-key';
import { systemClock, type Clock } from '../clock';
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH, cookieName } from '../http/cookie-names';
import { DEVICE_CLEARS_BYTES, clearsBatch, tossedCookieClears } from '../http/edge-guard';
import { isHttps, readCookieCopies, serializeCookie } from '../http/cookies';

/** How long a device cookie is trusted after its issue, s (90 days); every successful sign-in issues it afresh. */
export const DEVICE_COOKIE_TTL = 90 * 86_400;
/** An issue time this far ahead of the server's clock (s) is still accepted: servers' clocks differ a little. */
const FUTURE_SKEW_S = 60;
/** HKDF `info` of the MAC key: its own key, derived from SESSION_PASSWORD like the other server keys (no extra secret). */
const DEVICE_KEY_INFO = 'authlab device cookie v1';

/**
 * `v1.<issued at, s>.<device id: 16 random bytes, base64url>.<HMAC-SHA-256, base64url>`. The MAC covers the
 * version, issue time, device id and the username (normalized as sign-in compares it), which is not in the
 * cookie itself: a cookie issued for bob has no valid MAC for alice.
 */
const SHAPE = /^v1\.([1-9][0-9]{0,11})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** Sign-in compares usernames this way (`findUserByName`, the throttling keys): "Alice" and "alice" are one account. */
export const normalizeAccount = (username: string) => username.normalize('NFKC').toLowerCase();

const deviceKey = derivedKey(DEVICE_KEY_INFO);

function mac(sessionPassword: string, issuedAt: string, deviceId: string, username: string): string {
  // Newline-separated: none of the parts before the username can hold one, so no two inputs read alike.
  return createHmac('sha256', deviceKey(sessionPassword))
    .update(`v1\n${issuedAt}\n${deviceId}\n${normalizeAccount(username)}`)
    .digest('base64url');
}

/** A new device id: 16 random bytes, base64url (22 characters). */
export const newDeviceId = () => randomBytes(16).toString('base64url');

/** The cookie value proving that the browser with `deviceId` signed in as `username` at `clock`'s now. */
export function issueDeviceCookie(username: string, deviceId: string, sessionPassword: string, clock: Clock = systemClock): string {
  if (!/^[A-Za-z0-9_-]{22}$/.test(deviceId)) throw new Error('A device id is 16 bytes in base64url');
  const issuedAt = String(Math.floor(clock.now() / 1000));
  return `v1.${issuedAt}.${deviceId}.${mac(sessionPassword, issuedAt, deviceId, username)}`;
}

/** A device cookie that holds for this username: its device id and issue time (s). */
export interface TrustedDevice {
  deviceId: string;
  issuedAt: number;
}

/**
 * The device `value` proves for `username`, or `undefined` for anything else: no cookie, a malformed one,
 * a wrong MAC (forged, or issued for another user or under another key), issued more than DEVICE_COOKIE_TTL
 * ago or in the future. The MAC text is compared in constant time.
 */
export function verifyDeviceCookie(
  value: string | undefined,
  username: string,
  sessionPassword: string,
  clock: Clock = systemClock,
): TrustedDevice | undefined {
  if (value === undefined || value.length > 100) return undefined;
  const parts = SHAPE.exec(value);
  if (!parts) return undefined;
  const [, issuedAtText = '', deviceId = '', given = ''] = parts;
  const expected = mac(sessionPassword, issuedAtText, deviceId, username);
  // Compare the text, not decoded bytes: a base64url decoder ignores the last character's spare bits.
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return undefined;
  const issuedAt = Number(issuedAtText);
  const now = clock.now() / 1000;
  if (issuedAt > now + FUTURE_SKEW_S || now - issuedAt >= DEVICE_COOKIE_TTL) return undefined;
  return { deviceId, issuedAt };
}

/**
 * The device the request's device cookie proves for `username`, if any. The edge lets several copies through (a
 * tossed copy must not lock the user out of the API, as a refused duplicate would), and only a copy whose MAC holds
 * for this username counts: a sibling host can toss copies in, but can't forge one, so a tossed copy neither hides
 * the browser's own (outside check "eighth" E2: two copies read as none made the returning user untrusted, and so
 * locked out by an account-wide flood, until a sign-in succeeded) nor adds anything. Among several copies that hold
 * (only a stolen genuine cookie could be a second one) the newest issued counts. Every copy is looked at (at most
 * MAX_COOKIES reach here): tossed copies for longer paths come first and must not push the own one out ("ninth-a" F1).
 */
export function readTrustedDevice(request: Request, username: string, sessionPassword: string, clock: Clock = systemClock) {
  let newest: TrustedDevice | undefined;
  for (const value of readCookieCopies(request, DEVICE_COOKIE)) {
    const device = verifyDeviceCookie(value, username, sessionPassword, clock);
    if (device && (!newest || device.issuedAt > newest.issuedAt)) newest = device;
  }
  return newest;
}

/**
 * Clears for the copies of the device cookie a sign-in request to this path on `host` can have carried: a batch
 * small enough to leave room for the sign-in's own cookies in 4 KiB of headers (`clearsBatch`; the next sign-in
 * with copies left sends the next batch).
 */
export function deviceCookieClears(request: Request, host: string): string[] {
  const https = isHttps(request);
  const all = tossedCookieClears(cookieName(DEVICE_COOKIE, https), host, new URL(request.url).pathname, https);
  return clearsBatch(request.headers.get('cookie'), all, https, {
    budget: DEVICE_CLEARS_BYTES,
    kind: 'device',
    host,
  }).lines;
}

/** The Set-Cookie of a device cookie: long-lived, HttpOnly, SameSite=Lax, Path=/api; `__Secure-` and Secure over HTTPS. */
export function deviceSetCookie(request: Request, value: string): string {
  return serializeCookie(DEVICE_COOKIE, value, {
    path: DEVICE_COOKIE_PATH,
    maxAge: DEVICE_COOKIE_TTL,
    secure: isHttps(request),
    sameSite: 'lax',
  });
}
