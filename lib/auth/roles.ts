// Who may do what: the role check of every admin-only route, in the middleware and again in its handler.
// Runtime: edge and Node. One rule and one message, so the 403 reads the same wherever it comes from.
import { AuthError } from '../http/errors';
import type { Identity, Role } from './identity';

/** What each role may do, in order: a role may do everything a lower one may. */
const RANK: Record<Role, number> = { member: 0, admin: 1 };

/** Throws 403 `forbidden` unless the identity has `role` (or a higher one). */
export function requireRole(identity: Identity, role: Role): void {
  if (RANK[identity.user.role] >= RANK[role]) return;
  throw new AuthError('forbidden', `This needs the ${role} role; you are signed in as ${identity.user.username}, a ${identity.user.role}.`);
}
