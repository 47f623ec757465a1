import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { findUserByName } from './users';
import { THROWAWAY_PER_ADDRESS, THROWAWAY_TTL, createThrowawayUser, findThrowawayUser, isThrowawayName } from './throwaway-users';

let store: Awaited<ReturnType<typeof startTestStore>>;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store.close();
});

let T = Date.now();
const clock: Clock = { now: () => T };
let n = 0;
const address = () => `198.18.${Date.now() % 250}.${(n += 1)}`;

describe('throwaway users', () => {
  it('creates a random member that the directory does not know and the store finds, without its password', async () => {
    T = Date.now();
    const a = await createThrowawayUser(address(), { clock, redis: store.redis });
    const b = await createThrowawayUser(address(), { clock, redis: store.redis });
    expect(a.user.role).toBe('member');
    expect(a.user.username).toMatch(/^tmp-[0-9a-f]{16}$/);
    expect(isThrowawayName(a.user.username)).toBe(true);
    expect(a.user.username).not.toBe(b.user.username);
    expect(a.password).not.toBe(b.password);
    expect(a.password.length).toBeGreaterThanOrEqual(24);
    expect(a.expiresAt).toBe(T + THROWAWAY_TTL * 1000);
    expect(findUserByName(a.user.username)).toBeUndefined();
    const found = await findThrowawayUser(a.user.username.toUpperCase(), { clock, redis: store.redis });
    expect(found?.user).toEqual(a.user);
    expect(found?.hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(found?.hash).not.toContain(a.password);
  });

  it('ends at its expiry, whatever the store still holds', async () => {
    T = Date.now();
    const a = await createThrowawayUser(address(), { clock, redis: store.redis });
    T += THROWAWAY_TTL * 1000 - 1;
    expect(await findThrowawayUser(a.user.username, { clock, redis: store.redis })).toBeDefined();
    T += 1;
    expect(await findThrowawayUser(a.user.username, { clock, redis: store.redis })).toBeUndefined();
  });

  it('never looks up names of another form (alice, tmp- with other letters)', async () => {
    for (const name of ['alice', 'tmp-', 'tmp-zzzzzzzzzzzzzzzz', 'tmp-0123456789abcdef0']) {
      expect(isThrowawayName(name)).toBe(false);
      expect(await findThrowawayUser(name, { clock, redis: store.redis })).toBeUndefined();
    }
  });

  it('limits creations per client address, counted exactly under a parallel burst', async () => {
    T = Date.now();
    const from = address();
    const perAddress = 3;
    const results = await Promise.all(
      Array.from({ length: perAddress + 5 }, () =>
        createThrowawayUser(from, { clock, redis: store.redis, perAddress }).then(
          () => 'ok',
          (e: unknown) => (e instanceof AuthError ? e.code : String(e)),
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(perAddress);
    expect(results.filter((r) => r === 'too_many_attempts')).toHaveLength(5);
    await expect(createThrowawayUser(address(), { clock, redis: store.redis, perAddress })).resolves.toBeDefined();
    expect(THROWAWAY_PER_ADDRESS).toBeGreaterThan(perAddress);
  });

  it('gives the count back for a creation the hashing queue refused: a burst told "try again" keeps its allowance', async () => {
    T = Date.now();
    const from = address();
    const perAddress = 8;
    const attempt = () =>
      createThrowawayUser(from, { clock, redis: store.redis, perAddress }).then(
        () => 'ok',
        (e: unknown) => (e instanceof AuthError ? e.code : String(e)),
      );
    // Ten at once from one address: the queue runs 2 and lets 4 wait, the rest are refused before hashing.
    const burst = await Promise.all(Array.from({ length: 10 }, attempt));
    const made = burst.filter((r) => r === 'ok').length;
    expect(burst.filter((r) => r === 'too_many_attempts')).toHaveLength(10 - made);
    expect(made).toBeLessThan(perAddress);
    // Only what was made counts: the allowance left is exactly perAddress - made.
    for (let i = made; i < perAddress; i += 1) expect(await attempt()).toBe('ok');
    expect(await attempt()).toBe('too_many_attempts');
  });
});
