// The demo user directory: who exists and with which role. No secrets live here.
// Runtime: edge and Node. Password hashes are in `password.ts`, which is Node-only.
import type { Role } from './identity';

export interface User {
  id: string;
  username: string;
  role: Role;
}

const USERS: readonly User[] = [
  { id: 'u_alice', username: 'alice', role: 'admin' },
  { id: 'u_bob', username: 'bob', role: 'member' },
];

export function findUserByName(username: string): User | undefined {
  const wanted = username.normalize('NFKC').toLowerCase();
  return USERS.find((u) => u.username === wanted);
}

export function findUserById(id: string): User | undefined {
  return USERS.find((u) => u.id === id);
}
