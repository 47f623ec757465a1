// The key that ends an outage drill: handed to the admin who started it, good only for ending that drill.
// Runtime: Node. Stateless (an HMAC of who and until when), so it works on every instance while the store is down.
import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AuthError } from '../http/errors';

const KEY_INFO = 'authlab outage end key v1';

/** After the drill's planned end the key is of no use anyway (the outage is over); a minute of slack for clocks. */
export const END_KEY_SLACK_MS = 60_000;

const macOf = (password: string, body: string) =>
  createHmac('sha256', Buffer.from(hkdfSync('sha256', password, new Uint8Array(0), KEY_INFO, 32)))
    .update(body)
    .digest();

/** `<user id, base64url>.<planned end, ms>.<HMAC>`, under a key derived from the session password. */
export function mintEndKey(userId: string, endsAtMs: number, sessionPassword: string): string {
  const body = `${Buffer.from(userId).toString('base64url')}.${endsAtMs}`;
  return `${body}.${macOf(sessionPassword, body).toString('base64url')}`;
}

/** The id of the admin a valid, unexpired end key was minted for; 403 `forbidden` otherwise. */
export function checkEndKey(key: string, sessionPassword: string, nowMs: number): string {
  const refused = new AuthError('forbidden', 'This outage end key is not valid (or its drill is long over).');
  const match = /^([A-Za-z0-9_-]{1,200})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(key);
  if (!match) throw refused;
  const [, user = '', endsAt = '', mac = ''] = match;
  const expected = macOf(sessionPassword, `${user}.${endsAt}`);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused;
  if (nowMs > Number(endsAt) + END_KEY_SLACK_MS) throw refused;
  return Buffer.from(user, 'base64url').toString();
}
