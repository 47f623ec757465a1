import { describe, expect, it } from 'vitest';
import { isOwnAdmin, ownAdminNote } from './use-own-identity';

describe("the admin action on a demo page is the visitor's own", () => {
  it("is open only to a visitor whose own cookie is an admin's", () => {
    expect(isOwnAdmin({ kind: 'user', username: 'alice', role: 'admin' })).toBe(true);
    expect(isOwnAdmin({ kind: 'user', username: 'bob', role: 'member' })).toBe(false);
    expect(isOwnAdmin({ kind: 'none' })).toBe(false);
    expect(isOwnAdmin({ kind: 'reading' })).toBe(false);
  });

  it('says who acts, or why it is closed, and never offers to sign anyone in', () => {
    expect(ownAdminNote({ kind: 'reading' })).toBe('');
    expect(ownAdminNote({ kind: 'user', username: 'alice', role: 'admin' })).toBe(
      'You take it as yourself: alice (admin), signed in on /.',
    );
    const member = ownAdminNote({ kind: 'user', username: 'bob', role: 'member' });
    expect(member).toContain('You are signed in as bob (member), so it is closed to you here.');
    expect(member).toContain('this page signs nobody in for it');
    expect(ownAdminNote({ kind: 'none' })).toContain('no session or JWT cookie that /api/me accepts');
  });
});
