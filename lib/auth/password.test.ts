import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { checkCredentials, hashToCheck } from './password';
import { verifyPassword } from './scrypt';
import { createThrowawayUser } from './throwaway-users';

let store: Awaited<ReturnType<typeof startTestStore>>;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store.close();
});

const params = (hash: string) => hash.split('$').slice(0, 4).join('$');

describe('passwords', () => {
  it('accepts every published demo account as who it is, and refuses wrong passwords', async () => {
    const { alice, bob } = DEMO_ACCOUNTS;
    for (const { id, username, password, role } of Object.values(DEMO_ACCOUNTS)) {
      expect(await checkCredentials(username, password, store.redis)).toEqual({ user: { id, username, role } });
    }
    expect((await checkCredentials(bob.username.toUpperCase(), bob.password, store.redis))?.user).toMatchObject({ id: bob.id });
    expect(await checkCredentials(alice.username, alice.password.toUpperCase(), store.redis)).toBeUndefined();
    expect(await checkCredentials(alice.username, bob.password, store.redis)).toBeUndefined();
    expect(await checkCredentials(bob.username, '', store.redis)).toBeUndefined();
  });

  it('checks an unknown user against a dummy hash of the same cost, so it takes as long as a wrong password', async () => {
    const known = await hashToCheck('alice', store.redis);
    const unknown = await hashToCheck('nobody-here', store.redis);
    expect(unknown.user).toBeUndefined();
    expect(unknown.hash).not.toBe(known.hash);
    expect(params(unknown.hash)).toBe(params(known.hash));
    expect(params(unknown.hash)).toBe('scrypt$32768$8$1');
    // The dummy is a real hash: checking it does the full work and simply never matches.
    expect(await verifyPassword('anything', unknown.hash)).toBe(false);
    expect(await checkCredentials('nobody-here', DEMO_ACCOUNTS.alice.password, store.redis)).toBeUndefined();
  });

  it('accepts a live throwaway user with its end, at the same hash cost', async () => {
    const account = await createThrowawayUser(`192.0.2.${Date.now() % 250}`, { redis: store.redis });
    expect(await checkCredentials(account.user.username, account.password, store.redis)).toEqual({
      user: account.user,
      expiresAt: account.expiresAt,
    });
    expect(await checkCredentials(account.user.username, `${account.password}x`, store.redis)).toBeUndefined();
    expect(params((await hashToCheck(account.user.username, store.redis)).hash)).toBe('scrypt$32768$8$1');
  });

  it('stores only slow hashes: no demo password appears in them', async () => {
    const passwords = Object.values(DEMO_ACCOUNTS).map((a) => a.password);
    for (const { username } of Object.values(DEMO_ACCOUNTS)) {
      const { hash } = await hashToCheck(username, store.redis);
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      for (const password of passwords) expect(hash).not.toContain(password);
    }
  });
});
