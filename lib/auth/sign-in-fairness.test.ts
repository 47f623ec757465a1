// Sign-in under a burst of correct sign-ins from many addresses, through both real queues (admission
// and hashing) with a fake hasher and a set clock: a quiet address is served next and never refused.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../http/errors';
import type { HashQueueSlot } from './hash-queue';

const counted: string[] = [];
const refunded: string[] = [];
/** Devices whose lockout was read from the store, in order. */
const lockChecks: string[] = [];
vi.mock('./rate-limit', () => ({
  reserveLoginAttempt: async (_account: string, address: string) => void counted.push(address),
  refundLoginAttempt: async (_account: string, address: string) => void refunded.push(address),
  settleSuccessfulSignIn: async () => undefined,
  deviceLockedOut: async (_account: string, device: { deviceId: string }) => (lockChecks.push(device.deviceId), false),
  reserveDeviceAttempt: async () => true,
  refundDeviceAttempt: async () => undefined,
  settleDeviceSignIn: async () => undefined,
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

  /**
   * U1 through both real queues: 40 attackers, each signing in again from a fresh address as soon as it has its
   * answer, while a victim at a never-used address signs in every 4 s; every hash takes `hashMs` of set time.
   * Waits are in ms; a refused victim sign-in is recorded as minus its status.
   */
  async function runU1(options: { net: string; victim: string; hashMs: number; steps: number }) {
    let host = 0;
    let attacking = true;
    const attackerAnswers: string[] = [];
    const attackerWaits: number[] = [];
    const attack = () => {
      if (!attacking) return;
      host += 1;
      const sentAt = Date.now();
      void signIn(request(`${options.net}.${Math.floor(host / 250)}.${host % 250}`))
        .then(
          () => {
            attackerAnswers.push('200');
            attackerWaits.push(Date.now() - sentAt);
          },
          (e: unknown) => attackerAnswers.push(e instanceof AuthError ? `${e.status} ${e.headers['Retry-After'] ?? ''}` : String(e)),
        )
        .finally(attack);
    };
    const finishOneHash = async () => {
      vi.setSystemTime(Date.now() + options.hashMs);
      finishers.shift()?.();
      await settle();
    };
    for (let i = 0; i < 40; i += 1) attack();
    await settle();
    for (let i = 0; i < 100; i += 1) await finishOneHash();
    const waits: number[] = [];
    const sendVictim = () => {
      const sentAt = Date.now();
      void signIn(request(options.victim)).then(
        () => waits.push(Date.now() - sentAt),
        (e: unknown) => waits.push(-1 * (e instanceof AuthError ? e.status : 1)),
      );
    };
    sendVictim();
    let last = Date.now();
    for (let i = 0; i < options.steps; i += 1) {
      if (Date.now() - last >= 4_000) {
        sendVictim();
        last = Date.now();
      }
      await finishOneHash();
    }
    attacking = false;
    while (finishers.length > 0 || passwordHashing.load.running > 0) await finishOneHash();
    return { attackerAnswers, attackerWaits, waits, answered: waits.filter((w) => w > 0) };
  }

  it('a never-used address that signs in every 4 s is never starved while 40 attackers use a fresh address for every request (U1)', async () => {
    const { attackerAnswers, waits, answered } = await runU1({ net: '198.18', victim: '192.0.2.99', hashMs: 150, steps: 400 });
    // No attacker was refused: fresh addresses are never busy, so nothing throttles them.
    expect(attackerAnswers.filter((a) => a !== '200')).toEqual([]);
    // Every sign-in the victim got a place for was answered during the attack (it lasted 60 s), each within
    // 25 s: before the aging, its own second sign-in ranked it behind every newcomer and two waited 54-58 s,
    // answered only once the attack stopped (U1's 26.7 s). A third sign-in sent while two still wait is
    // refused at once (429, Retry-After: 1, nothing counted): the per-address bound.
    expect(answered.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...answered)).toBeLessThan(25_000);
    expect(waits.filter((w) => w < 0).every((w) => w === -429)).toBe(true);
  });

  it('with hashes as slow as live (300 ms, 12 s waits), a never-used address signing in every 4 s has most sign-ins answered, within 2.5 times the slowest attacker wait (U1 live)', async () => {
    const { attackerWaits, waits, answered } = await runU1({ net: '198.20', victim: '192.0.2.98', hashMs: 300, steps: 300 });
    const slowestAttacker = Math.max(...attackerWaits);
    // Its first sign-in waits as long as an attacker's (first come among fresh addresses: it can't be told from
    // them). Later ones wait longer, up to about twice as long: with 12 s waits it has 3 sign-ins in flight and is
    // served every few seconds, so by the per-address count it is busier than an address used once. But its own
    // earlier sign-ins, once started, no longer rank the next one behind every newcomer again: 15 of 22 answered
    // (when they did, 11, the others waiting until their count fell below 1, and refused meanwhile by the bound).
    expect(answered[0]).toBeLessThanOrEqual(slowestAttacker);
    expect(answered.length).toBeGreaterThanOrEqual(14);
    expect(Math.max(...answered)).toBeLessThan(2.5 * slowestAttacker);
    expect(waits.filter((w) => w < 0).every((w) => w === -429)).toBe(true);
  });

  it('a browser with a device cookie is served at the next free hashing slot however many fresh addresses are queued (U1)', async () => {
    let host = 0;
    let attacking = true;
    const attack = () => {
      if (!attacking) return;
      host += 1;
      void signIn(request(`198.19.${Math.floor(host / 250)}.${host % 250}`))
        .catch(() => undefined)
        .finally(attack);
    };
    const finishOneHash = async () => {
      vi.setSystemTime(Date.now() + 150);
      finishers.shift()?.();
      await settle();
    };
    for (let i = 0; i < 40; i += 1) attack();
    await settle();
    for (let i = 0; i < 100; i += 1) await finishOneHash();
    const cookie = `authlab_device=${issueDeviceCookie('bob', newDeviceId(), 'sign-in-test-session-password-0123456789')}`;
    const hashesBefore: number[] = [];
    for (let round = 0; round < 10; round += 1) {
      // A new address each time: the device cookie, not the address, is what it is trusted for.
      const before = hashed.length;
      const address = `192.0.2.${100 + round}`;
      let answer = 'pending';
      void signIn(request(address, cookie)).then(
        () => (answer = '200'),
        (e: unknown) => (answer = String(e)),
      );
      await settle();
      // Trusted sign-ins are queued under their account, not their address.
      for (let i = 0; i < 100 && !hashed.slice(before).includes('account:bob'); i += 1) await finishOneHash();
      hashesBefore.push(hashed.slice(before).indexOf('account:bob'));
      for (let i = 0; i < 10 && answer === 'pending'; i += 1) await finishOneHash();
      expect(answer).toBe('200');
      for (let i = 0; i < 20; i += 1) await finishOneHash();
    }
    attacking = false;
    while (finishers.length > 0 || passwordHashing.load.running > 0) await finishOneHash();
    // At most the hashes already running (2 slots) start before it.
    expect(hashesBefore.every((n) => n >= 0 && n <= passwordHashing.options.concurrency)).toBe(true);
  });

  it('holds a device-cookie burst in a full admission queue before its store read, then serves it (outside check "final", F2)', async () => {
    // Nothing left over from the tests above: every hash they started has finished.
    while (finishers.length > 0) {
      finishers.shift()?.();
      await settle();
    }
    const answers: Promise<unknown>[] = [];
    // 16 sign-ins from 16 addresses take every admission slot (their hashes wait for the test).
    for (let i = 0; i < 16; i += 1) answers.push(signIn(request(`10.1.0.${i}`)));
    await settle();
    expect(counted.filter((a) => a.startsWith('10.1.'))).toHaveLength(16);

    const deviceId = newDeviceId();
    const cookie = `authlab_device=${issueDeviceCookie('bob', deviceId, 'sign-in-test-session-password-0123456789')}`;
    const burst = Array.from({ length: 10 }, (_, i) => signIn(request(`10.2.0.${i}`, cookie)).catch((e: unknown) => e));
    await settle();
    // Admitted nothing, so nothing of theirs reached the store, the lockout read included.
    expect(lockChecks.filter((id) => id === deviceId)).toEqual([]);

    // Hashes finish one by one; each frees an admission slot, and the device's attempts go on to the store.
    while (finishers.length > 0) {
      finishers.shift()?.();
      await settle();
    }
    await Promise.all(answers);
    const outcomes = (await Promise.all(burst)).map((o) =>
      o instanceof AuthError ? String(o.status) : (o as { user?: { id: string } }).user?.id,
    );
    expect(lockChecks.filter((id) => id === deviceId).length).toBeGreaterThan(0);
    // Every attempt of the burst was answered: signed in, or refused at once by its lane's own bound (429).
    expect(outcomes.filter((o) => o === 'u_bob').length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o === 'u_bob' || o === '429')).toBe(true);
  });
});
