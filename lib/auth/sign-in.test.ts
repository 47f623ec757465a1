// The sign-in wiring: a full hashing queue refuses (429 "try again in 1 s") before the attempt is
// counted; a refusal after counting is given back on the throttling counters; a wrong password is not. The parts are mocked: their own tests
// (rate-limit, hash-queue, password) cover them against a real store. With a device cookie for its username, an attempt
// counts on its device's counter only, and falls back to the untrusted counters once that device is past its limit.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../http/errors';
import { HashQueueFull } from './hash-queue';
import { passwordHashing } from './scrypt';

const calls: string[] = [];
let answer: () => Promise<unknown> = async () => undefined;

/** What the device counter answers: whether the device is already locked out, and whether the next count is within the limit. */
const deviceState = { lockedOut: false, within: true };
vi.mock('./rate-limit', () => ({
  reserveLoginAttempt: async () => void calls.push('reserve'),
  refundLoginAttempt: async () => void calls.push('refund'),
  settleSuccessfulSignIn: async () => void calls.push('settle'),
  deviceLockedOut: async (_account: string, device: { deviceId: string }) => (
    calls.push(`locked? ${device.deviceId}`),
    deviceState.lockedOut
  ),
  reserveDeviceAttempt: async (_account: string, id: string) => (calls.push(`reserve device ${id}`), deviceState.within),
  refundDeviceAttempt: async (_account: string, id: string) => void calls.push(`refund device ${id}`),
  settleDeviceSignIn: async (_account: string, id: string) => void calls.push(`settle device ${id}`),
}));
vi.mock('./password', () => ({ checkCredentials: () => answer() }));
vi.mock('./csrf', () => ({ assertSameOrigin: () => undefined }));
vi.mock('../config', () => ({
  getConfig: () => ({
    sessionPassword: 'sign-in-test-session-password-0123456789',
    trustProxyHops: 0,
    accessTokenTtl: 300,
    refreshTokenTtl: 86_400,
    sessionIdleTtl: 1_800,
    sessionAbsoluteTtl: 43_200,
  }),
}));

const { signIn } = await import('./sign-in');
const { issueDeviceCookie } = await import('./device-cookie');

const SECRET = 'sign-in-test-session-password-0123456789';
const PHONE = 'cGhvbmVwaG9uZXBob25lcA';
const request = (cookie?: string, username = 'alice') =>
  new Request('http://127.0.0.1/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-peer-address': '127.0.0.9', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ username, password: 'whatever' }),
  });
const deviceOf = (setCookie: string | undefined = '') => /^authlab_device=v1\.\d+\.([A-Za-z0-9_-]{22})\./.exec(setCookie)?.[1];
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AuthError ? e.code : String(e)),
  );

describe('signIn', () => {
  beforeEach(() => {
    calls.length = 0;
    deviceState.lockedOut = false;
    deviceState.within = true;
  });

  it('gives the attempt back when the hashing queue was full, and says try again (429)', async () => {
    answer = async () => {
      throw new HashQueueFull();
    };
    expect(await codeOf(signIn(request()))).toBe('too_many_attempts');
    expect(calls).toEqual(['reserve', 'refund']);
  });

  it('refuses before counting anything when the hashing queue has no place for the address (nothing to give back)', async () => {
    answer = async () => undefined;
    const places = [0, 1, 2, 3].map(() => passwordHashing.reserve('127.0.0.9'));
    const refused = await signIn(request()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HashQueueFull);
    expect(refused).toMatchObject({ status: 429, headers: { 'Retry-After': '1' } });
    expect(calls).toEqual([]);
    for (const place of places) place.release();
    expect(await codeOf(signIn(request()))).toBe('invalid_credentials');
    expect(calls).toEqual(['reserve']);
  });

  it('keeps a wrong password counted', async () => {
    answer = async () => undefined;
    expect(await codeOf(signIn(request()))).toBe('invalid_credentials');
    expect(calls).toEqual(['reserve']);
  });

  describe('with a device cookie', () => {
    const user = { user: { id: 'u_alice', username: 'alice', role: 'member' } };
    const alicePhone = () => `authlab_device=${issueDeviceCookie('alice', PHONE, SECRET)}`;

    it('every success sets a device cookie; a browser without one gets a new device id, counted as untrusted', async () => {
      answer = async () => user;
      const signedIn = await signIn(request());
      expect(signedIn.deviceCookies).toHaveLength(1);
      expect(signedIn.deviceCookies[0]).toMatch(/^authlab_device=v1\.[^;]+; Path=\/api; Max-Age=7776000; HttpOnly; SameSite=Lax$/);
      expect(deviceOf(signedIn.deviceCookies[0])).not.toBe(PHONE);
      expect(calls).toEqual(['reserve', 'settle']);
    });

    it('for the username tried: counted and settled on the device only, and the same device id is issued again', async () => {
      answer = async () => user;
      const signedIn = await signIn(request(alicePhone()));
      expect(calls).toEqual([`locked? ${PHONE}`, `reserve device ${PHONE}`, `settle device ${PHONE}`]);
      expect(deviceOf(signedIn.deviceCookies.at(-1))).toBe(PHONE);
    });

    it('beside a tossed copy the own device cookie still counts, and the answer clears every copy before the new one (outside checks "recheck" N4, "eighth" E2)', async () => {
      answer = async () => user;
      const signedIn = await signIn(request(`authlab_device=tossed; ${alicePhone()}`));
      expect(calls).toEqual([`locked? ${PHONE}`, `reserve device ${PHONE}`, `settle device ${PHONE}`]);
      const set = signedIn.deviceCookies;
      // Clears at the sign-in path, /api/, /api and / (127.0.0.1: host-only; the deepest first), then the new cookie, last.
      expect(set.slice(0, -1)).toEqual(
        ['/api/token/', '/api/token', '/api/', '/api', '/'].map((at) => `authlab_device=; Path=${at}; Max-Age=0; HttpOnly; SameSite=Lax`),
      );
      expect(deviceOf(set.at(-1))).toBe(PHONE);
      expect(set.at(-1)).toMatch(/^authlab_device=v1\./);
    });

    it('two tossed copies and none of its own: untrusted, and the answer still clears them before a new device id', async () => {
      answer = async () => user;
      const signedIn = await signIn(request('authlab_device=tossed; authlab_device=tossed-too'));
      expect(calls).toEqual(['reserve', 'settle']);
      expect(signedIn.deviceCookies).toHaveLength(6);
      expect(deviceOf(signedIn.deviceCookies.at(-1))).not.toBe(PHONE);
    });

    it('a wrong password counts against the device, not the untrusted counters', async () => {
      answer = async () => undefined;
      expect(await codeOf(signIn(request(alicePhone())))).toBe('invalid_credentials');
      expect(calls).toEqual([`locked? ${PHONE}`, `reserve device ${PHONE}`]);
    });

    it('given back on the device when the hashing queue refused the hash', async () => {
      answer = async () => {
        throw new HashQueueFull();
      };
      expect(await codeOf(signIn(request(alicePhone())))).toBe('too_many_attempts');
      expect(calls).toEqual([`locked? ${PHONE}`, `reserve device ${PHONE}`, `refund device ${PHONE}`]);
    });

    it('a device past its limit (already, or in a parallel burst) is untrusted: counted like no cookie, and a success issues a new device id', async () => {
      answer = async () => user;
      deviceState.lockedOut = true;
      const afterLockout = await signIn(request(alicePhone()));
      expect(calls).toEqual([`locked? ${PHONE}`, 'reserve', 'settle']);
      expect(deviceOf(afterLockout.deviceCookies.at(-1))).not.toBe(PHONE);
      calls.length = 0;
      deviceState.lockedOut = false;
      deviceState.within = false;
      await signIn(request(alicePhone()));
      expect(calls).toEqual([`locked? ${PHONE}`, `reserve device ${PHONE}`, 'reserve', 'settle']);
    });

    it("another user's, a forged or another key's device cookie is untrusted, never an error", async () => {
      answer = async () => undefined;
      const bobs = `authlab_device=${issueDeviceCookie('bob', PHONE, SECRET)}`;
      const forged = alicePhone().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      const otherKey = `authlab_device=${issueDeviceCookie('alice', PHONE, 'another-deployment-session-password-0123')}`;
      for (const cookie of [bobs, forged, otherKey, 'authlab_device=', 'authlab_device=v1.1.2.3']) {
        calls.length = 0;
        expect(await codeOf(signIn(request(cookie))), cookie).toBe('invalid_credentials');
        expect(calls, cookie).toEqual(['reserve']);
      }
    });
  });
});
