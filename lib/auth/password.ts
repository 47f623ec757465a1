// Password checks against slow scrypt hashes, the same work for unknown users as for known ones.
// Runtime: Node only. Demo accounts' hashes live here; throwaway users' hashes live in the store.
import 'server-only';
import type { Redis } from '@upstash/redis';
import type { HashQueueSlot } from './hash-queue';
import { passwordHashing, verifyPassword } from './scrypt';
import { findThrowawayUser } from './throwaway-users';
import { findUserByName, type User } from './users';

/** Hashes of the demo passwords: `scrypt$N$r$p$salt$hash`, base64url. The passwords themselves are public (demo-accounts.ts, API.md). */
const HASHES: Record<string, string> = {
  u_alice: 'scrypt$32768$8$1$vJr5JCHLKMG0mWm7hyPOZA$pm24-HR2mLD7C8WeZr6MLlludKo7GX6G0jr6LWtJ6ZI',
  u_bob: 'scrypt$32768$8$1$lZSML7GlQO1VWyKcDhHyGw$oCLl5dLX2X0wIsXVsFIwz5VUmE9orjNtDZsUCgQyErM',
};

/** Checked when the user does not exist, so an unknown name costs the same time as a wrong password. */
const DUMMY_HASH = 'scrypt$32768$8$1$OfpXrf2ZXXPLtlrUa-SgPg$5-xAUSfqkNCK_jWCW2LTr8pjI9ctFTMPw1qYegnliJE';

export interface HashToCheck {
  user: User | undefined;
  hash: string;
  /** When the account itself ends (throwaway users), ms since the epoch. */
  expiresAt?: number;
}

/** The hash a sign-in as `username` is checked against: a demo account's, a throwaway user's, or the dummy of equal cost. */
export async function hashToCheck(username: string, redis?: Redis): Promise<HashToCheck> {
  const user = findUserByName(username);
  if (user) return { user, hash: HASHES[user.id] ?? DUMMY_HASH };
  const throwaway = await findThrowawayUser(username, redis ? { redis } : {});
  if (throwaway) return throwaway;
  return { user: undefined, hash: DUMMY_HASH };
}

/**
 * The account whose password this is (with its end, for throwaway users), or `undefined`; always does
 * one full hash, in the process's fair hashing queue under the client's `address` (in the place `slot`
 * holds there, when the caller reserved one).
 */
export async function checkCredentials(
  username: string,
  password: string,
  options: { redis?: Redis; address?: string; slot?: HashQueueSlot } = {},
): Promise<{ user: User; expiresAt?: number } | undefined> {
  const { user, hash, expiresAt } = await hashToCheck(username, options.redis);
  const check = () => verifyPassword(password, hash);
  const matches = await (options.slot ? options.slot.run(check) : passwordHashing.run(options.address ?? 'unknown', check));
  if (!user || !matches) return undefined;
  return expiresAt === undefined ? { user } : { user, expiresAt };
}
