// Sign-in admission comes before every store call, device cookies included (outside check "final", F2): while
// admission is full, a burst carrying one valid device cookie waits there and reads nothing from the store.
import { describe, expect, it, vi } from 'vitest';
import { AuthError } from '../http/errors';
import type { HashQueueSlot } from './hash-queue';

const storeCalls: string[] = [];
vi.mock('./rate-limit', () => ({
  reserveLoginAttempt: async (_account: string, address: string) => void storeCalls.push(`count ${address}`),
  refundLoginAttempt: async () => undefined,
  settleSuccessfulSignIn: async () => undefined,
  deviceLockedOut: async (_account: string, device: { deviceId: string }) => (storeCalls.push(`locked? ${device.deviceId}`), false),
  reserveDeviceAttempt: async (_account: string, id: string) => (storeCalls.push(`count device ${id}`), true),
  refundDeviceAttempt: async () => undefined,
  settleDeviceSignIn: async () => undefined,
}));

/** The fake hasher: each hash waits until the test finishes it. */
const finishers: Array<() => void> = [];
vi.mock('./password', () => ({
  checkCredentials: (_username: string, _password: string, options: { slot: HashQueueSlot }) =>
    options.slot.run(
      () => new Promise((resolve) => finishers.push(() => resolve({ user: { id: 'u_bob', username: 'bob', role: 'member' } }))),
    ),
}));
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
const { issueDeviceCookie, newDeviceId } = await import('./device-cookie');

const request = (address: string, cookie?: string) =>
  new Request('http://127.0.0.1/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-peer-address': address, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ username: 'bob', password: 'right' }),
  });
/** Every pending promise callback runs (a macrotask turn, not a wait). */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('sign-in admission', () => {
  it('holds a device-cookie burst before its store read while admission is full, then serves it', async () => {
    const answers: Promise<unknown>[] = [];
    // 16 sign-ins from 16 addresses take every admission slot (their hashes wait for the test).
    for (let i = 0; i < 16; i += 1) answers.push(signIn(request(`10.1.0.${i}`)));
    await settle();
    expect(storeCalls.filter((c) => c.startsWith('count 10.1.'))).toHaveLength(16);

    const deviceId = newDeviceId();
    const cookie = `authlab_device=${issueDeviceCookie('bob', deviceId, 'sign-in-test-session-password-0123456789')}`;
    const burst = Array.from({ length: 10 }, (_, i) => signIn(request(`10.2.0.${i}`, cookie)).catch((e: unknown) => e));
    await settle();
    // Admitted nothing, so nothing of theirs reached the store (the lockout check included).
    expect(storeCalls.filter((c) => c.includes(deviceId))).toEqual([]);

    // Hashes finish one by one; each frees an admission slot, and the device's attempts go on to the store.
    while (finishers.length > 0) {
      finishers.shift()?.();
      await settle();
    }
    await Promise.all(answers);
    const settled = await Promise.all(burst);
    expect(storeCalls.filter((c) => c === `locked? ${deviceId}`).length).toBeGreaterThan(0);
    // Every attempt of the burst was answered: signed in, or refused at once by its lane's own bound (429).
    const outcomes = settled.map((o) => (o instanceof AuthError ? String(o.status) : (o as { user?: { id: string } }).user?.id));
    expect(outcomes.filter((o) => o === 'u_bob').length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o === 'u_bob' || o === '429')).toBe(true);
  });
});
