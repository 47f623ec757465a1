// Live demo settings shared by every instance through the store: whether the JWT denylist is checked.
// Runtime: edge and Node. Read at most once a second per process, so JWT requests don't each pay a lookup.
import type { Redis } from '@upstash/redis';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { withStore } from '../store/client';
import { openSnapshot, sealSnapshot } from './key-snapshot';
import { COPY_EVERY_MS, nodeCopyStore, type NodeCopyStore } from './node-copy';

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
let saved: { value: boolean; at: number } | undefined;
/** The node's copies already opened (or refused), by text. */
const opened = new Map<string, Known | undefined>();

const SettingsCopy = z.object({ format: z.literal(1), savedAt: z.number(), jwtDenylist: z.boolean() });

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
    const copy = await lastCopy(config, copies);
    const newest = [cached, copy].reduce<Known | undefined>((a, b) => (b && (!a || b.confirmedAt > a.confirmedAt) ? b : a), undefined);
    if (newest?.value !== false || now - newest.confirmedAt > config.jwtRingMaxAge * 1000) throw error;
    known = newest;
  }
  cached = { ...known, at: now };
  return known.value;
}

async function lastCopy(config: Config, copies: NodeCopyStore): Promise<Known | undefined> {
  let texts: readonly string[];
  try {
    texts = await copies.load(config, 'settings');
  } catch (error) {
    console.error('[authlab] the saved copy of the settings could not be read', error);
    return undefined;
  }
  let newest: Known | undefined;
  for (const text of texts) {
    if (!opened.has(text)) {
      if (opened.size >= 8) opened.clear();
      const copy = await openSnapshot(text, config.sessionPassword)
        .then((json) => SettingsCopy.parse(json))
        .catch((error: unknown) => void console.error('[authlab] a saved copy of the settings is not valid; it is left out', error));
      opened.set(text, copy ? { value: copy.jwtDenylist, confirmedAt: copy.savedAt } : undefined);
    }
    const known = opened.get(text);
    if (known && (!newest || known.confirmedAt > newest.confirmedAt)) newest = known;
  }
  return newest;
}

/** Keeps the node's copy: on every change, else at most every `COPY_EVERY_MS`. Off the request path. */
function persist(config: Config, value: boolean, now: number, copies: NodeCopyStore): void {
  const { save } = copies;
  if (!save || (saved?.value === value && now - saved.at < COPY_EVERY_MS)) return;
  saved = { value, at: now };
  void sealSnapshot({ format: 1, savedAt: now, jwtDenylist: value }, config.sessionPassword)
    .then((sealed) => save(config, 'settings', sealed))
    .catch((error: unknown) => console.error('[authlab] the copy of the settings could not be saved', error));
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
  saved = undefined;
  opened.clear();
}
