import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import { AuthError } from '../http/errors';
import { assertAddressAllowed, clearLoginAttempts, countAddressFailure, countLoginAttempt } from './rate-limit';

let store: Awaited<ReturnType<typeof startTestStore>>;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store.close();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AuthError ? `${e.code} ${e.headers['Retry-After'] ?? ''}`.trim() : String(e)),
  );

describe('sign-in throttling', () => {
  const limits = { loginMaxAttempts: 3, loginWindow: 60, loginMaxAttemptsPerAddress: 4 };

  it('allows the configured attempts per account, then 429 with Retry-After, alike for unknown accounts', async () => {
    for (const name of [`known-${Date.now()}`, `ghost-${Date.now()}`]) {
      const results = [];
      for (let i = 0; i < 4; i += 1) results.push(await codeOf(countLoginAttempt(name, limits, store.redis)));
      expect(results.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
      expect(results[3]).toMatch(/^too_many_attempts (60|59)$/);
    }
  });

  it('counts parallel attempts exactly: twenty at once let only the allowed number through', async () => {
    const name = `burst-${Date.now()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => codeOf(countLoginAttempt(name, limits, store.redis))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
  });

  it('a success clears the account count', async () => {
    const name = `clear-${Date.now()}`;
    for (let i = 0; i < 3; i += 1) await countLoginAttempt(name, limits, store.redis);
    await clearLoginAttempts(name, store.redis);
    expect(await codeOf(countLoginAttempt(name, limits, store.redis))).toBe('ok');
  });

  it('refuses an address after its failures, whatever accounts they tried', async () => {
    const address = `198.51.100.${Date.now() % 250}`;
    for (let i = 0; i < 4; i += 1) {
      expect(await codeOf(assertAddressAllowed(address, limits, store.redis))).toBe('ok');
      await countAddressFailure(address, limits, store.redis);
    }
    expect(await codeOf(assertAddressAllowed(address, limits, store.redis))).toMatch(/^too_many_attempts/);
    expect(await codeOf(assertAddressAllowed('203.0.113.99', limits, store.redis))).toBe('ok');
  });
});
