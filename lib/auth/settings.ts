// Live demo settings shared by every instance through the store: whether the JWT denylist is checked.
// Runtime: edge and Node. Read at most once a second per process, so JWT requests don't each pay a lookup.
import type { Redis } from '@upstash/redis';
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { withStore } from '../store/client';

const DENYLIST_KEY = 'settings:jwt_denylist';
const CACHE_MS = 1_000;

let cached: { value: boolean; at: number } | undefined;
/** The read in flight, shared by every request that finds the cached value stale. */
let reading: Promise<boolean> | undefined;

/**
 * Whether access tokens are checked against the denylist: the store's setting if an admin flipped
 * it, else `JWT_DENYLIST`. If the store can't be read and the check was last known to be off, it
 * stays off (JWTs keep working through an outage); known on, or never read since this process
 * started, it throws 503: an unreadable setting is never taken for "no check needed".
 */
export async function denylistEnabled(config: Config, options: { clock?: Clock; redis?: Redis } = {}): Promise<boolean> {
  const now = (options.clock ?? systemClock).now();
  if (cached && now - cached.at < CACHE_MS) return cached.value;
  // Requests arriving together share one read: a busy process reads once a second, not once per request.
  reading ??= readDenylistSetting(config, now, options.redis).finally(() => {
    reading = undefined;
  });
  return reading;
}

async function readDenylistSetting(config: Config, now: number, redis: Redis | undefined): Promise<boolean> {
  let value: boolean;
  try {
    const stored = await withStore((r) => r.get<string>(DENYLIST_KEY), redis);
    value = stored === 'on' ? true : stored === 'off' ? false : config.jwtDenylist;
  } catch (error) {
    if (cached?.value !== false) throw error;
    value = false;
  }
  cached = { value, at: now };
  return value;
}

export async function setDenylistEnabled(enabled: boolean, options: { clock?: Clock; redis?: Redis } = {}): Promise<void> {
  await withStore((r) => r.set(DENYLIST_KEY, enabled ? 'on' : 'off'), options.redis);
  cached = { value: enabled, at: (options.clock ?? systemClock).now() };
}

/** For tests: forget the cached value. */
export function resetSettingsCache(): void {
  cached = undefined;
  reading = undefined;
}
