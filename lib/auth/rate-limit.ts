// Sign-in throttling: three counters in the store (account+address, address, account), so every instance sees the same count;
// a fourth (account+device) for attempts that carry a device cookie, which the other three don't count.
// Runtime: Node (route handlers). An attempt is counted before the password is hashed, so parallel guesses can't overshoot.
import type { Redis } from '@upstash/redis';
import { AuthError } from '../http/errors';
import { withStore } from '../store/client';

const part = (s: string) => encodeURIComponent(s.normalize('NFKC').toLowerCase());
const keys = {
  /** LOGIN_MAX_ATTEMPTS: one account from one address; the only counter a success resets. */
  pair: (account: string, address: string) => `login:attempts:pair:${part(account)}:${part(address)}`,
  /** LOGIN_MAX_ATTEMPTS_PER_ADDRESS: one address, all accounts together. */
  address: (address: string) => `login:attempts:addr:${part(address)}`,
  /** LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: one account, all addresses together (bounds distributed guessing). */
  account: (account: string) => `login:attempts:acct:${part(account)}`,
  /**
   * LOGIN_MAX_ATTEMPTS again, for one account from one trusted device (a valid device cookie for it): beyond
   * it, that device cookie is untrusted for that account until the window ends. A success resets it.
   */
  device: (account: string, deviceId: string) => `login:attempts:device:${part(account)}:${part(deviceId)}`,
  /** When the account last signed out everywhere (s): a device cookie issued at or before it is trusted no more. */
  devicesCutoff: (account: string) => `login:devices:cutoff:${part(account)}`,
  /** Attempts given back by successes (the store has INCR only): a counter's count is its INCRs minus these. */
  refunds: (key: string) => `${key}:refunds`,
};

/** 429 `too_many_attempts`, with `Retry-After` from the window's remaining time. */
function tooManyAttempts(what: string, ttlMs: number): AuthError {
  const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
  return new AuthError('too_many_attempts', `${what}; try again in ${retryAfter} s.`, { headers: { 'Retry-After': String(retryAfter) } });
}

export interface LoginLimits {
  loginMaxAttempts: number;
  loginWindow: number;
  loginMaxAttemptsPerAddress: number;
  loginMaxAttemptsPerAccount: number;
}

/** Counts one attempt on `key` (INCR is atomic) and says whether it is within `limit`; the window starts at the first. */
async function take(key: string, limit: number, windowS: number, redis?: Redis): Promise<{ ok: boolean; ttlMs: number }> {
  const [count, ttlMs] = await withStore(async (r) => {
    const tx = r.multi();
    tx.incr(key);
    tx.pexpire(key, windowS * 1000, 'NX');
    tx.pttl(key);
    tx.get(keys.refunds(key));
    const [c, , t, refunds] = (await tx.exec()) as [number, number, number, string | number | null];
    return [c - Number(refunds ?? 0), t] as const;
  }, redis);
  return { ok: count <= limit, ttlMs };
}

/**
 * Reserves one sign-in attempt before the password is hashed, or throws 429 `too_many_attempts`.
 * The most specific counter goes first and a refused attempt goes no further: guesses one address
 * makes beyond its own limits never reach the per-account counter, so they can't lock the real user
 * out when they sign in from elsewhere. Unknown accounts are counted alike.
 */
export async function reserveLoginAttempt(account: string, address: string, limits: LoginLimits, redis?: Redis): Promise<void> {
  const pair = await take(keys.pair(account, address), limits.loginMaxAttempts, limits.loginWindow, redis);
  if (!pair.ok) throw tooManyAttempts('Too many sign-in attempts for this account from your address', pair.ttlMs);
  const byAddress = await take(keys.address(address), limits.loginMaxAttemptsPerAddress, limits.loginWindow, redis);
  if (!byAddress.ok) throw tooManyAttempts('Too many sign-in attempts from your address', byAddress.ttlMs);
  const byAccount = await take(keys.account(account), limits.loginMaxAttemptsPerAccount, limits.loginWindow, redis);
  if (!byAccount.ok) throw tooManyAttempts('Too many sign-in attempts for this account', byAccount.ttlMs);
}

/**
 * After a correct password: the account+address count starts over; the shared counters only give
 * back this attempt's own reservation. A reset there would let an attacker with any valid account
 * wipe the count of the guesses they make from the same address.
 */
export async function settleSuccessfulSignIn(account: string, address: string, redis?: Redis): Promise<void> {
  await giveBack([keys.address(address), keys.account(account)], [keys.pair(account, address)], redis);
}

/**
 * An attempt that was counted but never checked (the password-hashing queue was full: 429 "try again
 * in 1 s") is given back on all three counters, so a client that retries as told isn't locked out by it.
 */
export async function refundLoginAttempt(account: string, address: string, redis?: Redis): Promise<void> {
  await giveBack([keys.pair(account, address), keys.address(address), keys.account(account)], [], redis);
}

/** One refund on each of `counters` (INCR only: see `keys.refunds`) and `cleared` deleted, in one transaction. */
async function giveBack(counters: string[], cleared: string[], redis?: Redis): Promise<void> {
  await withStore(async (r) => {
    const read = r.pipeline();
    for (const key of counters) read.pttl(key);
    const ttls = (await read.exec()) as number[];
    const tx = r.multi();
    for (const key of cleared) tx.del(key);
    counters.forEach((key, i) => {
      const ttl = ttls[i] ?? -2;
      // A refund ends with its counter's window; a window that already ended needs none.
      if (ttl <= 0) return;
      tx.incr(keys.refunds(key));
      tx.pexpire(keys.refunds(key), ttl, 'NX');
    });
    await tx.exec();
  }, redis);
}

/**
 * Whether attempts with this device cookie for this account are untrusted: already at the limit (LOGIN_MAX_ATTEMPTS
 * per LOGIN_WINDOW), or issued at or before the account's last "sign out everywhere" (`untrustDevices`). Such an
 * attempt is queued and counted like one without a cookie. A read only (one round trip); the count itself is taken
 * by `reserveDeviceAttempt`, atomically, once the attempt is queued.
 */
export async function deviceLockedOut(
  account: string,
  device: { deviceId: string; issuedAt: number },
  limits: LoginLimits,
  redis?: Redis,
): Promise<boolean> {
  const key = keys.device(account, device.deviceId);
  const [count, refunds, cutoff] = await withStore(
    async (r) => (await r.mget(key, keys.refunds(key), keys.devicesCutoff(account))) as (string | number | null)[],
    redis,
  );
  if (cutoff !== null && cutoff !== undefined && device.issuedAt <= Number(cutoff)) return true;
  return Number(count ?? 0) - Number(refunds ?? 0) >= limits.loginMaxAttempts;
}

/**
 * "Sign out everywhere" takes back the account's device cookies too: every one issued up to `atSeconds` is
 * untrusted from now on (a stolen one no longer gets the trusted lane or its own wrong guesses). Kept as long as
 * a device cookie can be trusted at all (`ttlSeconds`); a later sign-out moves it forward, never back.
 */
export async function untrustDevices(account: string, atSeconds: number, ttlSeconds: number, redis?: Redis): Promise<void> {
  const key = keys.devicesCutoff(account);
  await withStore(async (r) => {
    const previous = await r.set<string>(key, String(atSeconds), { ex: ttlSeconds, get: true });
    if (previous !== null && Number(previous) > atSeconds) await r.set(key, String(previous), { ex: ttlSeconds });
  }, redis);
}

/**
 * Counts one attempt from a trusted device before the password is hashed. `false` (counted, but beyond the
 * limit): the device is no longer trusted for this account, and the caller counts the attempt as untrusted
 * instead (`reserveLoginAttempt`); there is no 429 of its own.
 */
export async function reserveDeviceAttempt(account: string, deviceId: string, limits: LoginLimits, redis?: Redis): Promise<boolean> {
  return (await take(keys.device(account, deviceId), limits.loginMaxAttempts, limits.loginWindow, redis)).ok;
}

/** A correct password from a trusted device: its count for this account starts over. */
export async function settleDeviceSignIn(account: string, deviceId: string, redis?: Redis): Promise<void> {
  const key = keys.device(account, deviceId);
  await withStore(async (r) => void (await r.del(key, keys.refunds(key))), redis);
}

/** A trusted attempt counted but never checked (hashing queue full): given back, as for `refundLoginAttempt`. */
export async function refundDeviceAttempt(account: string, deviceId: string, redis?: Redis): Promise<void> {
  await giveBack([keys.device(account, deviceId)], [], redis);
}
