import { describe, expect, it } from 'vitest';
import { AuthError } from '../http/errors';
import type { Identity, Role } from './identity';
import { requireRole } from './roles';

const as = (username: string, role: Role): Identity => ({ user: { id: `u_${username}`, username, role }, mode: 'session' });

function refusal(identity: Identity, role: Role): AuthError | undefined {
  try {
    requireRole(identity, role);
    return undefined;
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
}

describe('requireRole', () => {
  it('lets an admin do what needs the admin role, and what a member may do', () => {
    expect(refusal(as('alice', 'admin'), 'admin')).toBeUndefined();
    expect(refusal(as('alice', 'admin'), 'member')).toBeUndefined();
    expect(refusal(as('bob', 'member'), 'member')).toBeUndefined();
  });

  it('answers a member 403 forbidden for the admin role, saying who they are', () => {
    const error = refusal(as('bob', 'member'), 'admin');
    expect(error?.code).toBe('forbidden');
    expect(error?.status).toBe(403);
    expect(error?.message).toBe('This needs the admin role; you are signed in as bob, a member.');
  });

  it('judges the role alone, whatever the mode', () => {
    for (const mode of ['session', 'jwt', 'internal'] as const) {
      expect(refusal({ ...as('bob', 'member'), mode }, 'admin')?.code).toBe('forbidden');
      expect(refusal({ ...as('alice', 'admin'), mode }, 'admin')).toBeUndefined();
    }
  });
});
