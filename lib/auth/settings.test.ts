import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { parseConfig } from '../config';
import { AuthError } from '../http/errors';
import { createStoreClient } from '../store/client';
import { sealSnapshot } from './key-snapshot';
import { COPY_EVERY_MS, type NodeCopyStore } from './node-copy';
import { denylistEnabled, resetSettingsCache, setDenylistEnabled } from './settings';

let T = Date.now();
/** Past the one-second cache, so the next call reads again. */
const CACHE_STEP = 1_000;
const clock: Clock = { now: () => T };
let store: Awaited<ReturnType<typeof startTestStore>>;
let config: ReturnType<typeof parseConfig>;
/** Nothing listens on port 9 here: every call is refused. */
const down = () => createStoreClient({ url: 'http://127.0.0.1:9', token: 'x'.repeat(32), timeoutMs: 300 });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AuthError ? e.code : String(e)),
  );

beforeAll(async () => {
  store = await startTestStore();
  config = parseConfig({
    SESSION_PASSWORD: 'p'.repeat(32),
    JWT_ALG: 'HS256',
    JWT_SECRET: 's'.repeat(32),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: store.token,
  });
});
afterAll(async () => {
  await store.close();
});
beforeEach(async () => {
  resetSettingsCache();
  await store.redis.del('settings:jwt_denylist');
});

describe('the denylist setting through a store outage', () => {
  it('a process that never read it fails closed with 503 rather than guess "off"', async () => {
    expect(await codeOf(denylistEnabled(config, { clock, redis: down() }))).toBe('store_unavailable');
  });

  it('known off: JWTs keep working, the setting stays off', async () => {
    expect(await denylistEnabled(config, { clock, redis: store.redis })).toBe(false);
    T += 5_000;
    expect(await denylistEnabled(config, { clock, redis: down() })).toBe(false);
  });

  it('known on: the check fails closed with 503 instead of being skipped', async () => {
    await setDenylistEnabled(true, { clock, redis: store.redis });
    expect(await denylistEnabled(config, { clock, redis: store.redis })).toBe(true);
    T += 5_000;
    expect(await codeOf(denylistEnabled(config, { clock, redis: down() }))).toBe('store_unavailable');
    // Back up: read again, no restart needed.
    expect(await denylistEnabled(config, { clock, redis: store.redis })).toBe(true);
  });
});

describe('reading the denylist setting', () => {
  it('requests arriving together share one store read, and the next read waits a second', async () => {
    let gets = 0;
    const counted = new Proxy(store.redis, {
      get(target, property, receiver) {
        if (property === 'get') gets++;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const answers = await Promise.all(Array.from({ length: 10 }, () => denylistEnabled(config, { clock, redis: counted })));
    expect(answers).toEqual(Array.from({ length: 10 }, () => false));
    expect(gets).toBe(1);
    T += 999;
    await denylistEnabled(config, { clock, redis: counted });
    expect(gets).toBe(1);
    T += 1;
    await setDenylistEnabled(true, { clock: { now: () => T - 5_000 }, redis: store.redis });
    expect(await denylistEnabled(config, { clock, redis: counted })).toBe(true);
    expect(gets).toBe(2);
  });
});

describe("the node's copy of the setting, for processes that start while the store is down", () => {
  /** A node's copy in memory: what `save` wrote last, after any given as the launcher would. */
  function nodeCopy(given: string[] = []) {
    const saved: string[] = [];
    const copies: NodeCopyStore = { load: () => [...given, ...saved.slice(-1)], save: async (_c, _n, sealed) => void saved.push(sealed) };
    return { copies, saved };
  }
  const copyOf = (jwtDenylist: boolean, savedAt: number, password = config.sessionPassword) =>
    sealSnapshot({ format: 1, savedAt, jwtDenylist }, password);

  it('round trip: a process that read "off" leaves a copy; one started during the outage goes by it', async () => {
    const node = nodeCopy();
    expect(await denylistEnabled(config, { clock, redis: store.redis, copies: node.copies })).toBe(false);
    await vi.waitFor(() => expect(node.saved).toHaveLength(1));
    resetSettingsCache(); // A new process on the same node.
    expect(await denylistEnabled(config, { clock, redis: down(), copies: node.copies })).toBe(false);
  });

  it('a copy saying "on", edited, sealed with another password or older than JWT_RING_MAX_AGE: 503', async () => {
    const maxAge = config.jwtRingMaxAge * 1000;
    const off = await copyOf(false, T);
    const [format, body, mac] = (await copyOf(true, T)).split('.');
    const edited = `${format}.${Buffer.from(JSON.stringify({ format: 1, savedAt: T, jwtDenylist: false })).toString('base64url')}.${mac}`;
    expect(body).not.toBe(edited.split('.')[1]);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const copy of [await copyOf(true, T), edited, await copyOf(false, T, 'o'.repeat(32)), await copyOf(false, T - maxAge - 1)]) {
      resetSettingsCache();
      expect(await codeOf(denylistEnabled(config, { clock, redis: down(), copies: nodeCopy([copy]).copies }))).toBe('store_unavailable');
    }
    errors.mockRestore();
    // The newest copy counts: "on" saved after "off" wins, whatever the order they are found in.
    resetSettingsCache();
    const on = await copyOf(true, T + 1);
    expect(await codeOf(denylistEnabled(config, { clock, redis: down(), copies: nodeCopy([on, off]).copies }))).toBe('store_unavailable');
    resetSettingsCache();
    expect(await denylistEnabled(config, { clock, redis: down(), copies: nodeCopy([off]).copies })).toBe(false);
  });

  it('a warm process trusts its own "off" for JWT_RING_MAX_AGE too, and a newer "on" from the copy ends it', async () => {
    const started = T;
    expect(await denylistEnabled(config, { clock, redis: store.redis, copies: nodeCopy().copies })).toBe(false);
    T = started + config.jwtRingMaxAge * 1000;
    expect(await denylistEnabled(config, { clock, redis: down(), copies: nodeCopy().copies })).toBe(false);
    T += CACHE_STEP;
    expect(await codeOf(denylistEnabled(config, { clock, redis: down(), copies: nodeCopy().copies }))).toBe('store_unavailable');
    // Back: a fresh read; then a copy saved later by another process of this node, saying "on", wins.
    expect(await denylistEnabled(config, { clock, redis: store.redis, copies: nodeCopy().copies })).toBe(false);
    T += CACHE_STEP;
    const newer = nodeCopy([await copyOf(true, T)]).copies;
    expect(await codeOf(denylistEnabled(config, { clock, redis: down(), copies: newer }))).toBe('store_unavailable');
  });

  it('rewrites the copy on every change (an admin switching it saves at once), else at most once a minute', async () => {
    const node = nodeCopy();
    const read = () => denylistEnabled(config, { clock, redis: store.redis, copies: node.copies });
    await read();
    for (let i = 0; i < 5; i++) {
      T += CACHE_STEP;
      await read();
    }
    await vi.waitFor(() => expect(node.saved).toHaveLength(1));
    T += COPY_EVERY_MS;
    await read();
    await vi.waitFor(() => expect(node.saved).toHaveLength(2));
    await setDenylistEnabled(true, { clock, redis: store.redis, config, copies: node.copies });
    await vi.waitFor(() => expect(node.saved).toHaveLength(3));
    resetSettingsCache();
    expect(await codeOf(denylistEnabled(config, { clock, redis: down(), copies: node.copies }))).toBe('store_unavailable');
  });
});
