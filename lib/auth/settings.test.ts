import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { parseConfig } from '../config';
import { AuthError } from '../http/errors';
import { createStoreClient } from '../store/client';
import { denylistEnabled, resetSettingsCache, setDenylistEnabled } from './settings';

let T = Date.now();
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
