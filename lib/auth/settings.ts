// Live demo settings shared by every instance through the store: whether the JWT denylist is checked.
// Runtime: edge and Node. Read at most once a second per process, so JWT requests don't each pay a lookup.
import type { Redis } from '@upstash/redis';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { withStore } from '../store/client';
import { NodeCopy, nodeCopyStore, type NodeCopyStore } from './node-copy';

const DENYLIST_KEY = 'settings:jwt_denylist';
const CACHE_MS = 1_000;

interface Known {
  value: boolean;
  /** When the store last confirmed `value` (ms): this process's read, or the node's copy's save time. */
  confirmedAt: number;
}

let cached: (Known & { at: number }) | undefined;
/** The read in flight, shared by every request that finds the cached value stale. */
let reading: Promise<boolean> | undefined;

const SettingsCopy = z.object({ format: z.literal(1), savedAt: z.number(), jwtDenylist: z.boolean() });
/** The node's copy of the setting: the newest is the one the store confirmed last. */
const copy = new NodeCopy<Known>(
  'settings',
  (json) => {
    const parsed = SettingsCopy.parse(json);
    return { value: parsed.jwtDenylist, confirmedAt: parsed.savedAt };
  },
  (a, b) => a.confirmedAt > b.confirmedAt,
);

type Options = { clock?: Clock; redis?: Redis; copies?: NodeCopyStore };

/**
 * Whether access tokens are checked against the denylist: the store's setting if an admin flipped
 * it, else `JWT_DENYLIST`. If the store can't be read, the newest value known (this process's last
 * read, or the node's sealed copy, for a process that starts during an outage) counts if it is
 * "off" and the store confirmed it within `JWT_RING_MAX_AGE`: JWTs keep working. Known "on", never
 * known, or known too long ago, it throws 503: an unreadable setting is never taken for "no check needed".
 */
export async function denylistEnabled(config: Config, options: Options = {}): Promise<boolean> {
  const now = (options.clock ?? systemClock).now();
  if (cached && now - cached.at < CACHE_MS) return cached.value;
  // Requests arriving together share one read: a busy process reads once a second, not once per request.
  reading ??= readDenylistSetting(config, now, options).finally(() => {
    reading = undefined;
  });
  return reading;
}

async function readDenylistSetting(config: Config, now: number, options: Options): Promise<boolean> {
  const copies = options.copies ?? nodeCopyStore();
  let known: Known;
  try {
    const stored = await withStore((r) => r.get<string>(DENYLIST_KEY), options.redis);
    known = { value: stored === 'on' ? true : stored === 'off' ? false : config.jwtDenylist, confirmedAt: now };
    persist(config, known.value, now, copies);
  } catch (error) {
    const saved = await copy.newest(config, copies);
    const newest = [cached, saved].reduce<Known | undefined>((a, b) => (b && (!a || b.confirmedAt > a.confirmedAt) ? b : a), undefined);
    if (newest?.value !== false || now - newest.confirmedAt > config.jwtRingMaxAge * 1000) throw error;
    known = newest;
  }
  cached = { ...known, at: now };
  return known.value;
}

/** Keeps the node's copy: on every change, else at most every `COPY_EVERY_MS`. Off the request path. */
function persist(config: Config, value: boolean, now: number, copies: NodeCopyStore): void {
  copy.keep(config, copies, value, now, { format: 1, savedAt: now, jwtDenylist: value });
}

/** Sets the value for every instance; with `config`, this node's copy follows at once. */
export async function setDenylistEnabled(enabled: boolean, options: Options & { config?: Config } = {}): Promise<void> {
  await withStore((r) => r.set(DENYLIST_KEY, enabled ? 'on' : 'off'), options.redis);
  const now = (options.clock ?? systemClock).now();
  cached = { value: enabled, confirmedAt: now, at: now };
  if (options.config) persist(options.config, enabled, now, options.copies ?? nodeCopyStore());
}

/** For tests: forget the cached value. */
export function resetSettingsCache(): void {
  cached = undefined;
  reading = undefined;
  copy.reset();
}
