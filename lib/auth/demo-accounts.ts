// The demo accounts with their passwords: public on purpose (API.md and the sign-in page print them).
// Runtime: any (browser, edge, Node, scripts, Playwright). Sign-in never compares against these: password.ts holds scrypt hashes.
import type { Role } from './identity';

export interface DemoAccount {
  id: string;
  username: string;
  password: string;
  role: Role;
}

export const DEMO_ACCOUNTS = {
  alice: { id: 'u_alice', username: 'alice', password: 'wonderland', role: 'admin' },
  bob: { id: 'u_bob', username: 'bob', password: 'builder', role: 'member' },
} as const satisfies Record<string, DemoAccount>;

export type DemoUsername = keyof typeof DEMO_ACCOUNTS;

/** A sign-in body for the account: `{ username, password }`, nothing else. */
export function demoCredentials(name: DemoUsername): { username: string; password: string } {
  const { username, password } = DEMO_ACCOUNTS[name];
  return { username, password };
}
