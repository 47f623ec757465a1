import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, demoCredentials } from './demo-accounts';
import { findUserById, findUserByName } from './users';

describe('the user directory', () => {
  it('has every demo account, found by name (any case, NFKC) or id, and never holds a password', () => {
    for (const { id, username, role } of Object.values(DEMO_ACCOUNTS)) {
      expect(findUserByName(username)).toEqual({ id, username, role });
      expect(findUserByName(username.toUpperCase())).toEqual({ id, username, role });
      expect(findUserById(id)).toEqual({ id, username, role });
    }
    // A fullwidth "ａｌｉｃｅ" is alice once normalized, as the password check normalizes too.
    expect(findUserByName('ａｌｉｃｅ')?.id).toBe(DEMO_ACCOUNTS.alice.id);
    expect(findUserByName('nobody')).toBeUndefined();
    expect(findUserById('alice')).toBeUndefined();
  });
});

describe('demoCredentials', () => {
  it('is a sign-in body with the username and password only', () => {
    expect(demoCredentials('bob')).toEqual({ username: 'bob', password: DEMO_ACCOUNTS.bob.password });
    expect(Object.keys(demoCredentials('alice'))).toEqual(['username', 'password']);
  });
});
