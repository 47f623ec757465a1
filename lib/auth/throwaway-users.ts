// Throwaway users: short-lived random members for the attack lab, Measure and Learn, kept in the store.
// Runtime: Node (route handlers). Demo features use them so a real account's counters and sessions stay untouched.
import 'server-only';
import type { Redis } from '@upstash/redis';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import { DEFAULT_THROWAWAY_PER_ADDRESS } from '../config';
import { AuthError } from '../http/errors';
import { randomId } from '../http/ids';
import { withStore } from '../store/client';
import { hashPassword, passwordHashing } from './scrypt';
import type { User } from './users';

const THROWAWAY_ID_PREFIX = 'u_tmp_';
const THROWAWAY_NAME_PREFIX = 'tmp-';

/** The name a throwaway user signs in with, from its id (`u_tmp_<x>` is `tmp-<x>`), or `undefined` for any other id. */
export function throwawayUsername(userId: string): string | undefined {
  return userId.startsWith(THROWAWAY_ID_PREFIX) ? THROWAWAY_NAME_PREFIX + userId.slice(THROWAWAY_ID_PREFIX.length) : undefined;
}

/** How long a throwaway user lives, s: long enough for a lab run, short enough that nothing lingers. */
export const THROWAWAY_TTL = 600;
/** Throwaway users one client address may create per `THROWAWAY_TTL`. */
export const THROWAWAY_PER_ADDRESS = DEFAULT_THROWAWAY_PER_ADDRESS;

/** `tmp-` and 16 hex digits: lower case, so the directory's case folding can't turn one name into another. */
const NAME = /^tmp-[0-9a-f]{16}$/;

const Stored = z.object({
  v: z.literal(1),
  id: z.string(),
  username: z.string(),
  role: z.literal('member'),
  hash: z.string(),
  expiresAt: z.number(),
});

const keys = {
  user: (username: string) => `throwaway:user:${username}`,
  perAddress: (address: string) => `throwaway:addr:${address}`,
  refunds: (counter: string) => `${counter}:refunds`,
};

export interface ThrowawayAccount {
  user: User;
  /** Shown once, here; the store keeps only its scrypt hash. */
  password: string;
  expiresAt: number;
}

export interface ThrowawayOptions {
  clock?: Clock;
  redis?: Redis;
  /** Creations allowed per address and `THROWAWAY_TTL`; `THROWAWAY_PER_ADDRESS` unless a test says otherwise. */
  perAddress?: number;
}

export const isThrowawayName = (username: string) => NAME.test(username.normalize('NFKC').toLowerCase());

/** Creates a throwaway member for `address`; 429 `too_many_attempts` once the address made too many. */
export async function createThrowawayUser(address: string, options: ThrowawayOptions = {}): Promise<ThrowawayAccount> {
  const now = (options.clock ?? systemClock).now();
  // Counted before the (slow) hash, so a burst of creations can't all slip past the limit.
  const counter = keys.perAddress(address);
  const [count, ttlMs] = await withStore(async (r) => {
    const tx = r.multi();
    tx.incr(counter);
    tx.pexpire(counter, THROWAWAY_TTL * 1000, 'NX');
    tx.pttl(counter);
    tx.get(keys.refunds(counter));
    return (await tx.exec()) as [number, number, number, string | number | null];
  }, options.redis).then(([c, , t, refunds]) => [c - Number(refunds ?? 0), t] as const);
  if (count > (options.perAddress ?? THROWAWAY_PER_ADDRESS)) {
    // Refused, so not made: only users made count (this one stays counted until given back, so a burst can't overshoot).
    await giveBack(counter, options.redis).catch(() => undefined);
    const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
    throw new AuthError('too_many_attempts', `Too many throwaway users from your address; try again in ${retryAfter} s.`, {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
  const suffix = Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString('hex');
  const user: User = { id: `${THROWAWAY_ID_PREFIX}${suffix}`, username: `${THROWAWAY_NAME_PREFIX}${suffix}`, role: 'member' };
  const password = randomId(18);
  const expiresAt = now + THROWAWAY_TTL * 1000;
  try {
    const stored: z.infer<typeof Stored> = {
      v: 1,
      ...user,
      role: 'member',
      hash: await passwordHashing.run(address, () => hashPassword(password)),
      expiresAt,
    };
    await withStore((r) => r.set(keys.user(user.username), JSON.stringify(stored), { px: THROWAWAY_TTL * 1000, nx: true }), options.redis);
  } catch (error) {
    // Counted but not made (the hashing queue was full, the store failed): the count is given back, so a
    // burst that was told "try again" doesn't use up the address's allowance for ten minutes.
    await giveBack(counter, options.redis).catch(() => undefined);
    throw error;
  }
  return { user, password, expiresAt };
}

/** One refund on a counter (the store has INCR only: its count is INCRs minus refunds), ending with its window. */
async function giveBack(counter: string, redis?: Redis): Promise<void> {
  await withStore(async (r) => {
    const ttl = await r.pttl(counter);
    if (ttl <= 0) return;
    const tx = r.multi();
    tx.incr(keys.refunds(counter));
    tx.pexpire(keys.refunds(counter), ttl, 'NX');
    await tx.exec();
  }, redis);
}

/** The live throwaway user of that name with its password hash, or `undefined` (no store call for other names). */
export async function findThrowawayUser(
  username: string,
  options: ThrowawayOptions = {},
): Promise<{ user: User; hash: string; expiresAt: number } | undefined> {
  const name = username.normalize('NFKC').toLowerCase();
  if (!NAME.test(name)) return undefined;
  const raw = await withStore((r) => r.get<string>(keys.user(name)), options.redis);
  if (raw === null) return undefined;
  let parsed: z.infer<typeof Stored>;
  try {
    const r = Stored.safeParse(JSON.parse(raw));
    if (!r.success) return undefined;
    parsed = r.data;
  } catch {
    return undefined;
  }
  if (parsed.expiresAt <= (options.clock ?? systemClock).now()) return undefined;
  const { id, role, hash, expiresAt } = parsed;
  return { user: { id, username: parsed.username, role }, hash, expiresAt };
}
