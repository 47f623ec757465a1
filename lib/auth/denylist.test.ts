import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { randomId } from '../http/ids';
import { denyIndexKey, denylistSize, denyToken } from './denylist';

let store: Awaited<ReturnType<typeof startTestStore>>;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store.close();
});

const clockAt = (ms: number): Clock => ({ now: () => ms });

describe('denylistSize', () => {
  it('counts the live entries, and each ends at its token’s exp plus the margin', async () => {
    const issuer = `test-${randomId(8)}`;
    const t0 = 1_000_000;
    const redis = store.redis;
    expect(await denylistSize(issuer, { clock: clockAt(t0), redis })).toEqual({ entries: 0, lastExpiresAtMs: null, marginMs: 10_000 });
    await denyToken(issuer, 'a', t0 + 5_000, { clock: clockAt(t0), redis });
    await denyToken(issuer, 'b', t0 + 60_000, { clock: clockAt(t0), redis });
    // A token already past its exp and the margin is not put on the list at all.
    await denyToken(issuer, 'c', t0 - 20_000, { clock: clockAt(t0), redis });
    expect(await denylistSize(issuer, { clock: clockAt(t0), redis })).toEqual({
      entries: 2,
      lastExpiresAtMs: t0 + 70_000,
      marginMs: 10_000,
    });
    // Past a's exp + margin, only b is left; past b's, none.
    expect((await denylistSize(issuer, { clock: clockAt(t0 + 15_001), redis })).entries).toBe(1);
    expect(await denylistSize(issuer, { clock: clockAt(t0 + 70_001), redis })).toEqual({
      entries: 0,
      lastExpiresAtMs: null,
      marginMs: 10_000,
    });
  });

  it('writes nothing when read: expired entries are left for the next denial to drop, and not counted meanwhile', async () => {
    const issuer = `test-${randomId(8)}`;
    const t0 = 2_000_000;
    const redis = store.redis;
    await denyToken(issuer, 'a', t0 + 5_000, { clock: clockAt(t0), redis });
    await denyToken(issuer, 'b', t0 + 60_000, { clock: clockAt(t0), redis });
    const sent: string[] = [];
    const watched = new Proxy(redis, {
      get(target, prop, receiver) {
        if (prop === 'multi') {
          return () => {
            const tx = target.multi();
            return new Proxy(tx, {
              get(t, name, r) {
                const value = Reflect.get(t, name, r) as unknown;
                if (typeof value !== 'function' || name === 'exec') return value;
                return (...args: unknown[]) => {
                  sent.push(String(name));
                  (value as (...a: unknown[]) => unknown).apply(t, args);
                  return r as unknown;
                };
              },
            });
          };
        }
        if (typeof prop === 'string' && typeof Reflect.get(target, prop, receiver) === 'function') sent.push(prop);
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    for (let i = 0; i < 3; i += 1) expect((await denylistSize(issuer, { clock: clockAt(t0 + 15_001), redis: watched })).entries).toBe(1);
    expect(sent.filter((name) => !['zcount', 'zrange'].includes(name))).toEqual([]);
    expect(sent).toContain('zcount');
    // a's entry is still in the index (nothing was pruned by the reads), and still not counted.
    expect(await redis.zcard(denyIndexKey(issuer))).toBe(2);
    // The next denial drops it.
    await denyToken(issuer, 'c', t0 + 30_000, { clock: clockAt(t0 + 15_001), redis });
    expect(await redis.zcard(denyIndexKey(issuer))).toBe(2);
    expect((await denylistSize(issuer, { clock: clockAt(t0 + 15_001), redis })).entries).toBe(2);
  });
});
