// The demo user directory: who exists and with which role. No secrets live here.
// Runtime: edge and Node. Password hashes are in `password.ts`, which is Node-only.
import { DEMO_ACCOUNTS } from './demo-accounts';
import type { Role } from './identity';

export interface User {
  id: string;
  username: string;
  role: Role;
}

/** The demo accounts without their passwords: a directory knows who you are, never your password. */
const USERS: readonly User[] = Object.values(DEMO_ACCOUNTS).map(({ id, username, role }) => ({ id, username, role }));

export function findUserByName(username: string): User | undefined {
  const wanted = username.normalize('NFKC').toLowerCase();
  return USERS.find((u) => u.username === wanted);
}

export function findUserById(id: string): User | undefined {
  return USERS.find((u) => u.id === id);
}
