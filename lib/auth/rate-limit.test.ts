import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import { AuthError } from '../http/errors';
import {
  deviceLockedOut,
  untrustDevices,
  refundDeviceAttempt,
  refundLoginAttempt,
  reserveDeviceAttempt,
  reserveLoginAttempt,
  settleDeviceSignIn,
  settleSuccessfulSignIn,
} from './rate-limit';

let store: Awaited<ReturnType<typeof startTestStore>>;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store.close();
});

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AuthError ? `${e.code} ${e.headers['Retry-After'] ?? ''}`.trim() : String(e)),
  );

let n = 0;
const unique = (what: string) => `${what}-${Date.now()}-${(n += 1)}`;
const limits = { loginMaxAttempts: 3, loginWindow: 60, loginMaxAttemptsPerAddress: 5, loginMaxAttemptsPerAccount: 7 };
const reserve = (account: string, address: string) => outcome(reserveLoginAttempt(account, address, limits, store.redis));

describe('sign-in throttling', () => {
  it('allows the configured attempts per account and address, then 429 with Retry-After, alike for unknown accounts', async () => {
    for (const account of [unique('known'), unique('ghost')]) {
      const address = unique('addr');
      const results = [];
      for (let i = 0; i < 4; i += 1) results.push(await reserve(account, address));
      expect(results.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
      expect(results[3]).toMatch(/^too_many_attempts (60|59)$/);
    }
  });

  it('guesses from one address never keep the account out from another address', async () => {
    const account = unique('victim');
    const attacker = unique('attacker');
    const results = [];
    for (let i = 0; i < 20; i += 1) results.push(await reserve(account, attacker));
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
    // The refused guesses went no further than the attacker's own counter: the account-wide one saw 3.
    expect(await reserve(account, unique('owner'))).toBe('ok');
  });

  it('bounds distributed guessing: the per-account limit across all addresses', async () => {
    const account = unique('spread');
    const results = [];
    for (let i = 0; i < 10; i += 1) results.push(await reserve(account, unique('bot')));
    expect(results.filter((r) => r === 'ok')).toHaveLength(7);
  });

  it('bounds one address across all accounts', async () => {
    const address = unique('sprayer');
    const results = [];
    for (let i = 0; i < 8; i += 1) results.push(await reserve(unique('target'), address));
    expect(results.filter((r) => r === 'ok')).toHaveLength(5);
  });

  it('counts parallel attempts exactly: thirty at once let only the allowed number through', async () => {
    const account = unique('burst');
    const address = unique('addr');
    const results = await Promise.all(Array.from({ length: 30 }, () => reserve(account, address)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
    expect(results.filter((r) => r.startsWith('too_many_attempts'))).toHaveLength(27);
  });

  it('a success resets only its account+address count; the shared counts only get its own attempt back', async () => {
    const address = unique('addr');
    const account = unique('owner');
    // Four failed guesses at other accounts from this address, then two failures and a success here.
    for (let i = 0; i < 4; i += 1) expect(await reserve(unique('other'), address)).toBe('ok');
    expect(await reserve(account, address)).toBe('ok');
    await settleSuccessfulSignIn(account, address, store.redis);
    // The address still carries its four failures: one more attempt, then 429.
    expect(await reserve(unique('other'), address)).toBe('ok');
    expect(await reserve(unique('other'), address)).toMatch(/^too_many_attempts/);
  });

  it('an attempt given back (the hashing queue was full) counts on none of the three counters', async () => {
    const address = unique('addr');
    const account = unique('retrier');
    // Told "try again in 1 s" ten times, each given back: the limits still allow everything they allowed.
    for (let i = 0; i < 10; i += 1) {
      expect(await reserve(account, address)).toBe('ok');
      await refundLoginAttempt(account, address, store.redis);
    }
    // Pair limit 3: three real attempts, then 429, exactly as if none of the ten had been made.
    expect([await reserve(account, address), await reserve(account, address), await reserve(account, address)]).toEqual(['ok', 'ok', 'ok']);
    expect(await reserve(account, address)).toMatch(/^too_many_attempts/);
    // The address counter (limit 5) holds the three real ones (the 4th was refused by the pair counter, going no further): two more, then 429.
    expect(await reserve(unique('other'), address)).toBe('ok');
    expect(await reserve(unique('other'), address)).toBe('ok');
    expect(await reserve(unique('other'), address)).toMatch(/^too_many_attempts/);
  });

  describe('per trusted device', () => {
    const device = (account: string, id: string) => ({
      reserve: () => reserveDeviceAttempt(account, id, limits, store.redis),
      lockedOut: (issuedAt = 0) => deviceLockedOut(account, { deviceId: id, issuedAt }, limits, store.redis),
    });

    it('allows LOGIN_MAX_ATTEMPTS per device and account, then the device is untrusted for that account only', async () => {
      const account = unique('alice');
      const phone = device(account, unique('phone'));
      expect(await phone.lockedOut()).toBe(false);
      expect([await phone.reserve(), await phone.reserve(), await phone.reserve()]).toEqual([true, true, true]);
      expect(await phone.lockedOut()).toBe(true);
      expect(await phone.reserve()).toBe(false);
      // Another device of the same account, and the same device for another account, are untouched.
      expect(await device(account, unique('laptop')).lockedOut()).toBe(false);
      expect(await device(unique('bob'), 'phone').reserve()).toBe(true);
    });

    it('parallel attempts with one device cookie are counted exactly: LOGIN_MAX_ATTEMPTS trusted, the rest not', async () => {
      const phone = device(unique('alice'), unique('phone'));
      const outcomes = await Promise.all(Array.from({ length: 12 }, () => phone.reserve()));
      expect(outcomes.filter(Boolean)).toHaveLength(3);
    });

    it('counts nothing on the untrusted counters, and a success or a refund gives the device its attempts back', async () => {
      const account = unique('alice');
      const address = unique('addr');
      const id = unique('phone');
      const phone = device(account, id);
      for (let i = 0; i < 3; i += 1) expect(await phone.reserve()).toBe(true);
      // The pair counter (limit 3) saw none of the three.
      expect([await reserve(account, address), await reserve(account, address), await reserve(account, address)]).toEqual([
        'ok',
        'ok',
        'ok',
      ]);
      await settleDeviceSignIn(account, id, store.redis);
      expect(await phone.lockedOut()).toBe(false);
      for (let i = 0; i < 3; i += 1) expect(await phone.reserve()).toBe(true);
      await refundDeviceAttempt(account, id, store.redis);
      expect(await phone.lockedOut()).toBe(false);
      expect(await phone.reserve()).toBe(true);
      expect(await phone.reserve()).toBe(false);
    });

    it('"sign out everywhere" untrusts every device cookie issued until then, for that account only; it never moves back', async () => {
      const account = unique('alice');
      const phone = device(account, unique('phone'));
      expect(await phone.lockedOut(1_000)).toBe(false);
      await untrustDevices(account, 1_000, 600, store.redis);
      expect(await phone.lockedOut(999)).toBe(true);
      expect(await phone.lockedOut(1_000)).toBe(true);
      // Issued after the sign-out: trusted as before. Another account's devices: untouched.
      expect(await phone.lockedOut(1_001)).toBe(false);
      expect(await device(unique('bob'), unique('phone')).lockedOut(1)).toBe(false);
      // A racing sign-out with an earlier instant doesn't bring the older cookies back.
      await untrustDevices(account, 500, 600, store.redis);
      expect(await phone.lockedOut(900)).toBe(true);
      await untrustDevices(account, 2_000, 600, store.redis);
      expect(await phone.lockedOut(1_500)).toBe(true);
    });
  });
});
