// Sign-in throttling per account, counted in the store so every instance sees the same count.
// Runtime: Node (route handlers). An attempt is counted before the password is checked.
import type { Redis } from '@upstash/redis';
import { AuthError } from '../http/errors';
import { withStore } from '../store/client';

const key = (username: string) => `login:attempts:${username.normalize('NFKC').toLowerCase()}`;

/** 429 `too_many_attempts`, with `Retry-After` from the window's remaining time. */
function tooManyAttempts(what: string, ttlMs: number): AuthError {
  const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
  return new AuthError('too_many_attempts', `${what}; try again in ${retryAfter} s.`, { headers: { 'Retry-After': String(retryAfter) } });
}

export interface LoginLimits {
  loginMaxAttempts: number;
  loginWindow: number;
}

/**
 * Counts one sign-in attempt for the account (known or not, alike) and throws 429
 * `too_many_attempts` with `Retry-After` once more than the allowed failures fall in the window.
 * Counting first means parallel guesses cannot all slip past a check made before them.
 */
export async function countLoginAttempt(username: string, limits: LoginLimits, redis?: Redis): Promise<void> {
  const [attempts, ttlMs] = await withStore(async (r) => {
    const tx = r.multi();
    tx.incr(key(username));
    tx.pexpire(key(username), limits.loginWindow * 1000, 'NX');
    tx.pttl(key(username));
    const [count, , ttl] = (await tx.exec()) as [number, number, number];
    return [count, ttl] as const;
  }, redis);
  if (attempts > limits.loginMaxAttempts) throw tooManyAttempts('Too many sign-in attempts for this account', ttlMs);
}

/** A successful sign-in clears the account's count. */
export async function clearLoginAttempts(username: string, redis?: Redis): Promise<void> {
  await withStore((r) => r.del(key(username)), redis);
}

const addressKey = (address: string) => `login:failures:addr:${address}`;

export interface AddressLimits {
  loginMaxAttemptsPerAddress: number;
  loginWindow: number;
}

/**
 * Refuses sign-in from an address that failed too often in the window, whatever accounts it tried.
 * Only failures count here, so one valid account can't be used to reset the count between guesses.
 */
export async function assertAddressAllowed(address: string, limits: AddressLimits, redis?: Redis): Promise<void> {
  const [failures, ttlMs] = await withStore(async (r) => {
    const p = r.pipeline();
    p.get(addressKey(address));
    p.pttl(addressKey(address));
    return (await p.exec()) as [string | number | null, number];
  }, redis);
  if (Number(failures ?? 0) >= limits.loginMaxAttemptsPerAddress)
    throw tooManyAttempts('Too many failed sign-ins from your address', ttlMs);
}

export async function countAddressFailure(address: string, limits: AddressLimits, redis?: Redis): Promise<void> {
  await withStore(async (r) => {
    const tx = r.multi();
    tx.incr(addressKey(address));
    tx.pexpire(addressKey(address), limits.loginWindow * 1000, 'NX');
    await tx.exec();
  }, redis);
}
