import { describe, expect, it } from 'vitest';
import { APP_COOKIE_NAMES } from '../http/cookie-names';
import { cookieHeaderProblem } from '../http/cookies';
import { DEVICE_CLEARS_BYTES } from '../http/edge-guard';
import {
  DEVICE_COOKIE_TTL,
  deviceCookieClears,
  deviceSetCookie,
  issueDeviceCookie,
  newDeviceId,
  readTrustedDevice,
  verifyDeviceCookie,
} from './device-cookie';

const SECRET = 'device-cookie-test-session-password-0123456789';
const OTHER_SECRET = 'another-session-password-of-another-deployment!';
const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const at = (ms: number) => ({ now: () => ms });
const DEVICE = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('device cookie', () => {
  it('proves its device for the username it was issued for, under any spelling sign-in treats as that name', () => {
    const value = issueDeviceCookie('alice', DEVICE, SECRET, at(T0));
    expect(value).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyDeviceCookie(value, 'alice', SECRET, at(T0 + 1_000))).toEqual({ deviceId: DEVICE, issuedAt: T0 / 1000 });
    expect(verifyDeviceCookie(value, 'ALICE', SECRET, at(T0))).toEqual({ deviceId: DEVICE, issuedAt: T0 / 1000 });
    // The username is not in the cookie: a browser's cookie does not tell who signed in on it.
    expect(value).not.toContain('alice');
  });

  it('is untrusted for another user, under another key, or with any part changed', () => {
    const value = issueDeviceCookie('bob', DEVICE, SECRET, at(T0));
    expect(verifyDeviceCookie(value, 'alice', SECRET, at(T0))).toBeUndefined();
    expect(verifyDeviceCookie(value, 'bob', OTHER_SECRET, at(T0))).toBeUndefined();
    const [version, issuedAt, id, mac] = value.split('.') as [string, string, string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const forged of [
      [version, String(Number(issuedAt) + 1), id, mac],
      [version, issuedAt, flip(id, 0), mac],
      [version, issuedAt, id, flip(mac, 0)],
      [version, issuedAt, id, flip(mac, 42)],
      ['v2', issuedAt, id, mac],
    ]) {
      expect(verifyDeviceCookie(forged.join('.'), 'bob', SECRET, at(T0)), forged.join('.')).toBeUndefined();
    }
  });

  it('is trusted for DEVICE_COOKIE_TTL (90 days) after its issue, not after, and not from the future', () => {
    const value = issueDeviceCookie('alice', DEVICE, SECRET, at(T0));
    expect(DEVICE_COOKIE_TTL).toBe(90 * 86_400);
    expect(verifyDeviceCookie(value, 'alice', SECRET, at(T0 + DEVICE_COOKIE_TTL * 1000 - 1000))).toBeDefined();
    expect(verifyDeviceCookie(value, 'alice', SECRET, at(T0 + DEVICE_COOKIE_TTL * 1000))).toBeUndefined();
    // Issued by a server whose clock runs ahead: a minute is tolerated, more is not.
    expect(verifyDeviceCookie(value, 'alice', SECRET, at(T0 - 60_000))).toBeDefined();
    expect(verifyDeviceCookie(value, 'alice', SECRET, at(T0 - 61_000))).toBeUndefined();
  });

  it('treats malformed spellings as untrusted, never as an error', () => {
    const value = issueDeviceCookie('alice', DEVICE, SECRET, at(T0));
    const [, issuedAt, id, mac] = value.split('.') as [string, string, string, string];
    for (const bad of [
      undefined,
      '',
      'v1',
      'v1...',
      `${value}.`,
      ` ${value}`,
      `"${value}"`,
      `${value}=`,
      value.replace(/\./g, ':'),
      `v1.0${issuedAt}.${id}.${mac}`,
      `v1.-${issuedAt}.${id}.${mac}`,
      `v1.${issuedAt}.${id}=.${mac}`,
      `v1.${issuedAt}.${id}.${mac}A`,
      `v1.${issuedAt}.${id}.${mac.slice(1)}`,
      `v1.${issuedAt}.${id}.${mac.slice(0, 42)}+`,
      `v1.99999999999999.${id}.${mac}`,
      encodeURIComponent(value).replace(/\./g, '%2E'),
      'x'.repeat(10_000),
      `v1.${issuedAt}.${'é'.repeat(22)}.${mac}`,
    ]) {
      expect(verifyDeviceCookie(bad, 'alice', SECRET, at(T0)), String(bad)).toBeUndefined();
    }
  });

  it('is read only under the scheme’s spelling; beside tossed copies its own copy still counts, a tossed one never (outside checks "final" F1, "eighth" E2)', () => {
    const value = issueDeviceCookie('alice', DEVICE, SECRET, at(T0));
    const request = (cookie: string, origin = 'http://127.0.0.1') =>
      new Request(`${origin}/api/token`, { method: 'POST', headers: { cookie } });
    expect(readTrustedDevice(request(`authlab_device=${value}`), 'alice', SECRET, at(T0))?.deviceId).toBe(DEVICE);
    expect(readTrustedDevice(request(`__Secure-authlab_device=${value}`), 'alice', SECRET, at(T0))).toBeUndefined();
    expect(readTrustedDevice(request(`__Secure-authlab_device=${value}`, 'https://example.test'), 'alice', SECRET, at(T0))?.deviceId).toBe(
      DEVICE,
    );
    expect(readTrustedDevice(request(`authlab_device=${value}`, 'https://example.test'), 'alice', SECRET, at(T0))).toBeUndefined();
    // Copies a sibling host could toss: junk, another user's genuine cookie (the attacker's own), an expired one of alice's.
    const bobs = issueDeviceCookie('bob', 'b'.repeat(22), SECRET, at(T0));
    const old = issueDeviceCookie('alice', 'o'.repeat(22), SECRET, at(T0 - 91 * 86_400_000));
    const newer = issueDeviceCookie('alice', 'n'.repeat(22), SECRET, at(T0 + 5_000));
    for (const [name, origin] of [
      ['authlab_device', 'http://127.0.0.1'],
      ['__Secure-authlab_device', 'https://example.test'],
    ] as const) {
      const read = (header: string) => readTrustedDevice(request(header, origin), 'alice', SECRET, at(T0 + 10_000))?.deviceId;
      // The API stays open whatever the copies (the edge refuses no duplicate of the device cookie).
      for (const tossed of ['tossed', bobs, old]) {
        for (const header of [`${name}=${value}; ${name}=${tossed}`, `${name}=${tossed}; ${name}=${value}`]) {
          expect(cookieHeaderProblem(header, APP_COOKIE_NAMES), header).toBeUndefined();
          // Alice's own copy counts, in either order; the tossed copy adds nothing.
          expect(read(header), header).toBe(DEVICE);
        }
        // Tossed copies alone prove nothing, however many.
        expect(read(`${name}=${tossed}; ${name}=${tossed}`)).toBeUndefined();
      }
      expect(read(`${name}=${value}; ${name}=${value}`)).toBe(DEVICE);
      // Two genuine copies (only a stolen one could be the second): the newest issued counts.
      expect(read(`${name}=${value}; ${name}=${newer}`)).toBe('n'.repeat(22));
      expect(read(`${name}=${newer}; ${name}=${value}`)).toBe('n'.repeat(22));
      // Every copy is looked at: tossed copies for longer paths come first, and can't push the own one out ("ninth-a" F1).
      expect(read(`${Array.from({ length: 90 }, () => `${name}=tossed`).join('; ')}; ${name}=${value}`)).toBe(DEVICE);
    }
  });

  it('is set HttpOnly, SameSite=Lax, on /api for 90 days; __Secure- and Secure over HTTPS', () => {
    const value = issueDeviceCookie('alice', newDeviceId(), SECRET);
    expect(deviceSetCookie(new Request('http://127.0.0.1/api/token'), value)).toBe(
      `authlab_device=${value}; Path=/api; Max-Age=7776000; HttpOnly; SameSite=Lax`,
    );
    expect(deviceSetCookie(new Request('https://example.test/api/token'), value)).toBe(
      `__Secure-authlab_device=${value}; Path=/api; Max-Age=7776000; HttpOnly; Secure; SameSite=Lax`,
    );
  });

  it('clears a doubled copy for the host and its parents, each Domain= clear also Partitioned over HTTPS (outside check "recheck2", R2-3), in batches that leave room in 4 KiB ("ninth-a" F2)', () => {
    const paths = ['/', '/api', '/api/', '/api/session', '/api/session/', '/api/session/login', '/api/session/login/'];
    const domains = ['example.com', 'app.example.com'];
    const clear = (name: string, at: string, attributes: string) => `${name}=; Path=${at}${attributes}; Max-Age=0`;
    const bytes = (lines: readonly string[]) => lines.reduce((sum, c) => sum + `Set-Cookie: ${c}\r\n`.length, 0);
    /** The clears of successive sign-ins, each sending back the cursor the last one set, until the list is done. */
    const follow = (origin: string) => {
      const sent: string[] = [];
      let cursor = '';
      for (let answers = 1; answers <= 20; answers += 1) {
        const lines = deviceCookieClears(
          new Request(`${origin}/api/session/login`, { headers: cursor ? { cookie: cursor } : {} }),
          'app.example.com',
        );
        expect(bytes(lines)).toBeLessThanOrEqual(DEVICE_CLEARS_BYTES + 200);
        const last = lines.at(-1) ?? '';
        if (!last.includes('authlab_clears_device=')) return { sent: [...sent, ...lines], answers };
        sent.push(...lines.slice(0, -1));
        if (/^[^=]+=[0-9a-z]+\.0;/.test(last)) return { sent, answers }; // the cursor back at the start: done
        cursor = last.slice(0, last.indexOf(';'));
      }
      throw new Error('the clears never ended');
    };
    const overHttps = follow('https://app.example.com');
    // The deepest paths first, the other hosts' copies (Domain=) before the host-only ones (the app's own among them).
    const deepest = [...paths].reverse();
    expect(overHttps.sent).toEqual([
      ...deepest.flatMap((at) => [
        ...domains.map((d) => `${clear('__Secure-authlab_device', at, `; Domain=${d}`)}; Secure; HttpOnly; SameSite=Lax`),
        ...domains.map((d) => `${clear('__Secure-authlab_device', at, `; Domain=${d}`)}; Secure; HttpOnly; SameSite=Lax; Partitioned`),
      ]),
      ...deepest.map((at) => `${clear('__Secure-authlab_device', at, '')}; Secure; HttpOnly; SameSite=Lax`),
    ]);
    expect(overHttps.answers).toBeGreaterThan(1);
    // Over HTTP the cookie is plain `authlab_device` and a Secure (partitioned) copy is never sent: no twins.
    const overHttp = follow('http://app.example.com');
    expect(overHttp.sent).toHaveLength(paths.length * 3);
    expect(overHttp.sent.some((c) => c.includes('Partitioned') || c.includes('Secure'))).toBe(false);
  });

  it('gives each new device its own random id', () => {
    const ids = new Set(Array.from({ length: 100 }, newDeviceId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
