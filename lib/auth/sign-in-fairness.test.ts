// Sign-in under a burst of correct sign-ins from many addresses, through both real queues (admission
// and hashing) with a fake hasher and a set clock: a quiet address is served next and never refused.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../http/errors';
import type { HashQueueSlot } from './hash-queue';

const counted: string[] = [];
const refunded: string[] = [];
vi.mock('./rate-limit', () => ({
  reserveLoginAttempt: async (_account: string, address: string) => void counted.push(address),
  refundLoginAttempt: async (_account: string, address: string) => void refunded.push(address),
  settleSuccessfulSignIn: async () => undefined,
}));

/** Hashes in the order they started, and their finishers (the fake hasher: the test finishes them by hand). */
const hashed: string[] = [];
const finishers: Array<() => void> = [];
vi.mock('./password', () => ({
  checkCredentials: (_username: string, _password: string, options: { address: string; slot: HashQueueSlot }) =>
    options.slot.run(
      () =>
        new Promise((resolve) => {
          hashed.push(options.address);
          finishers.push(() => resolve({ user: { id: 'u_bob', username: 'bob', role: 'member' } }));
        }),
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
const { passwordHashing } = await import('./scrypt');

const request = (address: string) =>
  new Request('http://127.0.0.1/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-peer-address': address },
    body: JSON.stringify({ username: 'bob', password: 'right' }),
  });
/** Every pending promise callback runs (a macrotask turn, not a wait). */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(0);
});
afterAll(() => {
  vi.useRealTimers();
});

describe('signIn under a burst of correct sign-ins', () => {
  it('serves a quiet address next and never refuses it, while 40 busy addresses each keep 2 sign-ins going', async () => {
    const busy = Array.from({ length: 40 }, (_, i) => `10.0.0.${i}`);
    const answers: string[] = [];
    const inFlight = new Map<string, number>(busy.map((a) => [a, 0]));
    let attacking = true;
    const send = (address: string) => {
      inFlight.set(address, (inFlight.get(address) ?? 0) + 1);
      void signIn(request(address))
        .then(
          () => answers.push('200'),
          (e: unknown) => answers.push(e instanceof AuthError ? `${e.status} ${e.headers['Retry-After'] ?? ''}` : String(e)),
        )
        .finally(() => inFlight.set(address, (inFlight.get(address) ?? 1) - 1));
    };
    /** The attackers resend at once whatever the answer, so each keeps two sign-ins going. */
    const topUp = () => {
      if (!attacking) return;
      for (const address of busy) while ((inFlight.get(address) ?? 0) < 2) send(address);
    };
    const finishOneHash = async () => {
      vi.setSystemTime(Date.now() + 100);
      finishers.shift()?.();
      await settle();
    };

    topUp();
    await settle();
    for (let i = 0; i < 300; i += 1) {
      await finishOneHash();
      topUp();
      await settle();
    }
    // The burst is on: both hashing slots busy, sign-ins waiting for them, the admission queue full.
    expect(passwordHashing.load.running).toBe(2);
    expect(answers.filter((a) => a === '200').length).toBeGreaterThanOrEqual(290);
    expect(answers).toContain('429 1');

    const before = hashed.length;
    const refusedBefore = answers.filter((a) => a === '429 1').length;
    let quiet = 'pending';
    void signIn(request('192.0.2.7')).then(
      () => (quiet = '200'),
      (e: unknown) => (quiet = String(e)),
    );
    await settle();
    // Not refused although every place was taken: the newest sign-in of a busy address made room.
    expect(quiet).toBe('pending');
    expect(answers.filter((a) => a === '429 1').length).toBe(refusedBefore + 1);
    let ranBefore = 0;
    while (!hashed.slice(before).includes('192.0.2.7')) {
      ranBefore = hashed.length - before;
      await finishOneHash();
      topUp();
      await settle();
      expect(ranBefore).toBeLessThanOrEqual(passwordHashing.options.concurrency);
    }
    expect(ranBefore).toBeLessThanOrEqual(passwordHashing.options.concurrency);

    attacking = false;
    while (finishers.length > 0 || passwordHashing.load.running > 0) await finishOneHash();
    expect(quiet).toBe('200');
    // Every 429 was decided before counting: nothing counted was refused, so nothing was given back.
    expect(refunded).toEqual([]);
    expect(counted.length).toBe(hashed.length);
    expect([...inFlight.values()].every((n) => n === 0)).toBe(true);
  });
});
