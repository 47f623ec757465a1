import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { checkCredentials, hashToCheck, verifyPassword } from './password';

const params = (hash: string) => hash.split('$').slice(0, 4).join('$');

describe('passwords', () => {
  it('accepts every published demo account as who it is, and refuses wrong passwords', async () => {
    const { alice, bob } = DEMO_ACCOUNTS;
    for (const { id, username, password, role } of Object.values(DEMO_ACCOUNTS)) {
      expect(await checkCredentials(username, password)).toEqual({ id, username, role });
    }
    expect(await checkCredentials(bob.username.toUpperCase(), bob.password)).toMatchObject({ id: bob.id });
    expect(await checkCredentials(alice.username, alice.password.toUpperCase())).toBeUndefined();
    expect(await checkCredentials(alice.username, bob.password)).toBeUndefined();
    expect(await checkCredentials(bob.username, '')).toBeUndefined();
  });

  it('checks an unknown user against a dummy hash of the same cost, so it takes as long as a wrong password', async () => {
    const known = hashToCheck('alice');
    const unknown = hashToCheck('nobody-here');
    expect(unknown.user).toBeUndefined();
    expect(unknown.hash).not.toBe(known.hash);
    expect(params(unknown.hash)).toBe(params(known.hash));
    expect(params(unknown.hash)).toBe('scrypt$32768$8$1');
    // The dummy is a real hash: checking it does the full work and simply never matches.
    expect(await verifyPassword('anything', unknown.hash)).toBe(false);
    expect(await checkCredentials('nobody-here', DEMO_ACCOUNTS.alice.password)).toBeUndefined();
  });

  it('stores only slow hashes: no demo password appears in them', () => {
    const passwords = Object.values(DEMO_ACCOUNTS).map((a) => a.password);
    for (const { username } of Object.values(DEMO_ACCOUNTS)) {
      const { hash } = hashToCheck(username);
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      for (const password of passwords) expect(hash).not.toContain(password);
    }
  });
});
