import { describe, expect, it } from 'vitest';
import { checkCredentials, hashToCheck, verifyPassword } from './password';

const params = (hash: string) => hash.split('$').slice(0, 4).join('$');

describe('passwords', () => {
  it('accepts the demo accounts and refuses wrong passwords', async () => {
    expect(await checkCredentials('alice', 'wonderland')).toMatchObject({ id: 'u_alice', role: 'admin' });
    expect(await checkCredentials('Bob', 'builder')).toMatchObject({ id: 'u_bob', role: 'member' });
    expect(await checkCredentials('alice', 'Wonderland')).toBeUndefined();
    expect(await checkCredentials('bob', '')).toBeUndefined();
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
    expect(await checkCredentials('nobody-here', 'wonderland')).toBeUndefined();
  });

  it('stores only slow hashes: no demo password appears in them', () => {
    for (const name of ['alice', 'bob']) {
      const { hash } = hashToCheck(name);
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      expect(hash).not.toContain('wonderland');
      expect(hash).not.toContain('builder');
    }
  });
});
