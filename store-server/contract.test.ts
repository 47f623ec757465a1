// The store contract: the memory engine and a real Redis, each behind the built-in store's HTTP
// server and driven by real @upstash/redis clients, must answer every sequence identically.
// Every command the store accepts (commands.ts) is exercised here, options and errors included.
import { Redis } from '@upstash/redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startStoreServer, type StoreServer } from './server';

const TOKEN = `contract-${'t'.repeat(32)}`;

interface Side {
  name: 'memory' | 'redis';
  server: StoreServer;
  /** The app's everyday client: auto-pipelining, JSON deserialization. */
  auto: Redis;
  /** Exact strings back, as the app's own client (lib/store/client.ts) is configured. */
  raw: Redis;
}

const client = (url: string, automaticDeserialization: boolean) =>
  new Redis({ url, token: TOKEN, retry: { retries: 0 }, enableTelemetry: false, automaticDeserialization });

/** A result that may differ by up to `tolerance` between the two sides (TTLs, clocks). */
class Approx {
  constructor(
    readonly value: unknown,
    readonly tolerance: number,
  ) {}
}
const near = (value: unknown, tolerance: number) => new Approx(value, tolerance);
/**
 * A PTTL. The two sides run one after the other, each reading its own clock; on a loaded machine a
 * scenario can take a while. Loose enough for that, tight enough to tell seconds from ms.
 */
const ms = (pttl: unknown) => near(pttl, 1_500);

/** Copies `b`, taking `a`'s value wherever the two are Approx within tolerance (so a diff shows only real gaps). */
function reconcile(a: unknown, b: unknown): [unknown, unknown] {
  if (a instanceof Approx && b instanceof Approx) {
    const close = typeof a.value === 'number' && typeof b.value === 'number' && Math.abs(a.value - b.value) <= a.tolerance;
    return close ? [a.value, a.value] : [a.value, b.value];
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const pairs = a.map((item, i) => reconcile(item, b[i]));
    return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const left: Record<string, unknown> = {};
    const right: Record<string, unknown> = {};
    for (const key of keys) {
      [left[key], right[key]] = reconcile((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
    }
    return [left, right];
  }
  return [a, b];
}

/** The error message instead of a rejection, so errors are compared like results. */
async function outcome<T>(promise: Promise<T>): Promise<T | { error: string }> {
  try {
    return await promise;
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

let sides: Side[] = [];
let prefix = '';
let testNumber = 0;
const k = (name: string) => `${prefix}${name}`;

/** Runs the same scenario on both sides (same key names) and requires the same results. */
async function same<T>(scenario: (side: Side) => Promise<T>): Promise<T> {
  const [memory, redis] = [await scenario(sides[0]!), await scenario(sides[1]!)];
  const [left, right] = reconcile(memory, redis);
  expect(right, 'redis (right) vs memory engine (left)').toEqual(left);
  return left as T;
}

/** Raw protocol: the exact JSON each server answers, with and without base64. */
async function post(side: Side, path: string, body: unknown, base64 = false) {
  const res = await fetch(`${side.server.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, ...(base64 ? { 'Upstash-Encoding': 'base64' } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

beforeAll(async () => {
  // A logical database of its own on the test Redis, so the keyspace-wide commands see only ours.
  const redisUrl = `${inject('redisUrl').replace(/\/\d*$/, '')}/5`;
  const memory = await startStoreServer({ token: TOKEN, port: 0 });
  const redis = await startStoreServer({ token: TOKEN, port: 0, redisUrl });
  sides = [
    { name: 'memory', server: memory, auto: client(memory.url, true), raw: client(memory.url, false) },
    { name: 'redis', server: redis, auto: client(redis.url, true), raw: client(redis.url, false) },
  ];
  for (const side of sides) await side.raw.flushdb();
});

afterAll(async () => {
  await Promise.all(sides.map((side) => side.server.close()));
});

beforeEach(() => {
  prefix = `ct:${++testNumber}:${Math.random().toString(36).slice(2, 8)}:`;
});

afterEach(async () => {
  // Each side's database is this test's alone (see beforeAll), so every test starts from empty.
  for (const side of sides) await side.raw.flushdb();
});

describe('strings', () => {
  it('round-trips unicode, binary-ish, large, numeric-looking and JSON values', async () => {
    const large = `${'0123456789abcdef'.repeat(20_000)}é🙂`;
    await same(async ({ auto, raw }) => [
      await auto.set(k('u'), 'héllo 🙂 ☃ \u0000\u0001\u007f\u00ff end'),
      await raw.get(k('u')),
      await auto.set(k('lone'), 'a\ud800b'),
      await raw.get(k('lone')),
      await auto.set(k('big'), large),
      (await raw.get<string>(k('big'))) === large,
      await auto.set(k('n1'), '0123'),
      await auto.get(k('n1')),
      await auto.set(k('n2'), '123'),
      await auto.get(k('n2')),
      await auto.set(k('n3'), 1.5),
      await raw.get(k('n3')),
      await auto.set(k('n4'), '12345678901234567890'),
      await auto.get(k('n4')),
      await auto.set(k('json'), { a: 1, b: [true, null, 'x'], c: { d: 'é' } }),
      await auto.get(k('json')),
      await raw.get(k('json')),
      await auto.set(k('ok'), 'OK'),
      await raw.get(k('ok')),
      await auto.set(k('empty'), ''),
      await raw.get(k('empty')),
      await auto.set(k('m1'), 'a'),
      await auto.set(k('m2'), { x: 1 }),
      await auto.sadd(k('set'), 'member'),
      await auto.mget(k('m1'), k('m2'), k('missing'), k('set')),
      await raw.mget(k('m1'), k('m2'), k('m1')),
      await auto.ping(),
      await auto.ping(['hi there']),
      await raw.exec(['PING']),
    ]);
  });

  it('honours every SET option: NX, XX, GET, KEEPTTL, EX, PX, EXAT, PXAT', async () => {
    await same(async ({ raw }) => {
      // Absolute times from each side's own start, so both see the same distance to them.
      const exAt = Math.floor(Date.now() / 1000) + 100;
      const pxAt = Date.now() + 60_000;
      return [
        await raw.set(k('a'), 'v1', { xx: true }),
        await raw.set(k('a'), 'v1', { nx: true }),
        await raw.set(k('a'), 'v2', { nx: true }),
        await raw.set(k('a'), 'v2', { xx: true, get: true }),
        await raw.set(k('a'), 'v3', { nx: true, get: true }),
        await raw.set(k('a'), 'v3', { ex: 100 }),
        ms(await raw.pttl(k('a'))),
        await raw.set(k('a'), 'v4', { keepTtl: true }),
        ms(await raw.pttl(k('a'))),
        await raw.set(k('a'), 'v4b', { xx: true, keepTtl: true }),
        ms(await raw.pttl(k('a'))),
        await raw.set(k('a'), 'v5'),
        await raw.pttl(k('a')),
        await raw.set(k('a'), 'v6', { px: 5000 }),
        ms(await raw.pttl(k('a'))),
        await raw.set(k('a'), 'v7', { exat: exAt }),
        ms(await raw.pttl(k('a'))),
        await raw.set(k('a'), 'v8', { pxat: pxAt }),
        ms(await raw.pttl(k('a'))),
        await raw.exec(['SET', k('a'), 'v9', 'ex', 10, 'ex', 20]),
        ms(await raw.pttl(k('a'))),
        await raw.get(k('a')),
        // The refresh-token claim: first SET NX GET wins (nil back), the second gets the winner's value.
        await raw.set(k('used'), '1', { nx: true, get: true, px: 60_000 }),
        await raw.set(k('used'), '2', { nx: true, get: true, px: 60_000 }),
        await raw.get(k('used')),
        // A tombstone written over a live record keeps its time; over no record, nothing is written.
        await raw.set(k('gone'), 'tomb', { xx: true, keepTtl: true }),
        await raw.get(k('gone')),
      ];
    });
  });

  it('counts with INCR, keeps the TTL, and stops at 64 bits', async () => {
    await same(async ({ raw }) => [
      await raw.incr(k('n')),
      await raw.incr(k('n')),
      await raw.pexpire(k('n'), 100_000),
      await raw.incr(k('n')),
      ms(await raw.pttl(k('n'))),
      await raw.get(k('n')),
      await raw.set(k('neg'), '-2'),
      await raw.incr(k('neg')),
      await raw.set(k('max'), '9223372036854775806'),
      await raw.incr(k('max')),
      await outcome(raw.incr(k('max'))),
      await raw.get(k('max')),
    ]);
  });
});

describe('errors', () => {
  it('answers the same error texts, whichever path the command takes', async () => {
    await same(async ({ auto, raw }) => {
      await raw.sadd(k('set'), 'm');
      await raw.set(k('s'), 'abc');
      await raw.set(k('big'), '9223372036854775807');
      return [
        await outcome(auto.get(k('set'))),
        await outcome(raw.get(k('set'))),
        await outcome(raw.exec(['GET', k('set')])),
        await outcome(raw.exec(['SET', k('set'), 'v', 'GET'])),
        await outcome(raw.incr(k('set'))),
        await outcome(raw.incr(k('s'))),
        await outcome(raw.incr(k('big'))),
        await outcome(raw.sadd(k('s'), 'm')),
        await outcome(raw.srem(k('s'), 'm')),
        await outcome(raw.smembers(k('s'))),
        await outcome(raw.exec(['SET', k('x'), 'v', 'NX', 'XX'])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'EX', 0])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'PX', -1])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'EX', 'ten'])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'EX', 10, 'PX', 10])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'KEEPTTL', 'PX', 5])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'PX', '9223372036854775807'])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'EX'])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'PERSIST'])),
        await outcome(raw.exec(['GET'])),
        await outcome(raw.exec(['GET', 'a', 'b'])),
        await outcome(raw.exec(['SADD', k('set')])),
        await outcome(raw.exec(['MGET'])),
        await outcome(raw.exec(['FOO', 'bar', 'baz'])),
        await outcome(raw.exec(['PING', 'a', 'b'])),
        await outcome(raw.exec(['PEXPIRE', k('s'), 10, 'NX', 'XX'])),
        await outcome(raw.exec(['PEXPIRE', k('s'), 10, 'GT', 'LT'])),
        await outcome(raw.exec(['PEXPIRE', k('s'), 10, 'sometimes'])),
        await outcome(raw.exec(['PEXPIRE', k('s'), '9223372036854775807'])),
        await outcome(raw.exec(['PEXPIRE', k('s'), 'soon'])),
        await outcome(raw.exec(['PTTL'])),
        await outcome(raw.exec(['SCAN', 'abc'])),
        await outcome(raw.exec(['SCAN', 0, 'COUNT', 0])),
        await outcome(raw.exec(['SCAN', 0, 'COUNT', 'many'])),
        await outcome(raw.exec(['SCAN', 0, 'MATCH'])),
        await outcome(raw.exec(['FLUSHDB', 'later'])),
        await outcome(raw.exec(['DBSIZE', 'x'])),
      ];
    });
  });

  it('knows only the commands it lists: the Redis backend refuses the rest as the memory engine does', async () => {
    await same(async ({ raw }) => {
      await raw.set(k('s'), 'v');
      const others: Array<[string, ...Array<string | number>]> = [
        ['HSET', k('h'), 'f', 'v'],
        ['LPUSH', k('l'), 'm'],
        ['ZINCRBY', k('z'), 1, 'm'],
        ['ZRANGEBYSCORE', k('z'), 0, 1],
        ['EXPIRE', k('s'), 10],
        ['TTL', k('s')],
        ['EXISTS', k('s')],
        ['KEYS', '*'],
        ['ECHO', 'x'],
        ['EVAL', 'return 1', 0],
        ['SUBSCRIBE', 'news'],
      ];
      const answers = [];
      for (const command of others) answers.push(await outcome(raw.exec(command)));
      return [answers, await raw.pttl(k('s')), await raw.dbsize()];
    });
  });
});

describe('keys and expiry', () => {
  it('expires keys at their time, polled rather than slept for', async () => {
    await same(async ({ raw }) => {
      await raw.set(k('short'), 'v', { px: 500 });
      await raw.set(k('gone'), 'v', { px: 500 });
      await raw.pexpire(k('gone'), 300);
      const before = [await raw.get(k('short')), ms(await raw.pttl(k('gone')))];
      await expect.poll(() => raw.mget(k('short'), k('gone')), { timeout: 3_000, interval: 20 }).toEqual([null, null]);
      const [, keys] = await raw.scan(0, { match: `${prefix}*` });
      return [before, await raw.get(k('short')), await raw.pttl(k('short')), await raw.pttl(k('gone')), keys];
    });
  });

  it('applies PEXPIRE NX / XX / GT / LT, PTTL and DEL', async () => {
    await same(async ({ raw }) => [
      await raw.set(k('k'), 'v'),
      await raw.pexpire(k('k'), 100_000, 'XX'),
      await raw.pexpire(k('k'), 100_000, 'GT'),
      await raw.pexpire(k('k'), 100_000, 'LT'),
      await raw.pexpire(k('k'), 50_000, 'NX'),
      await raw.pexpire(k('k'), 50_000, 'GT'),
      await raw.pexpire(k('k'), 200_000, 'GT'),
      ms(await raw.pttl(k('k'))),
      await raw.pexpire(k('k'), 150_000, 'LT'),
      ms(await raw.pttl(k('k'))),
      await raw.pexpire(k('k'), 180_000, 'XX'),
      ms(await raw.pttl(k('k'))),
      await raw.pttl(k('missing')),
      await raw.pexpire(k('missing'), 10),
      await raw.pexpire(k('k'), -1),
      await raw.get(k('k')),
      await raw.pttl(k('k')),
      await raw.set(k('s'), 'v'),
      await raw.sadd(k('set'), 'm'),
      await raw.del(k('s'), k('s'), k('set'), k('none')),
      await raw.mget(k('s')),
      await raw.smembers(k('set')),
    ]);
  });

  it("keeps a user's set as long as its longest member, as the app's NX-then-GT pair does", async () => {
    await same(async ({ raw }) => {
      const tx = raw.multi();
      tx.sadd(k('user'), 'a');
      tx.pexpire(k('user'), 100_000, 'NX');
      tx.pexpire(k('user'), 100_000, 'GT');
      const first = await tx.exec();
      const shorter = raw.multi();
      shorter.sadd(k('user'), 'b');
      shorter.pexpire(k('user'), 30_000, 'NX');
      shorter.pexpire(k('user'), 30_000, 'GT');
      const second = await shorter.exec();
      const afterShorter = ms(await raw.pttl(k('user')));
      const longer = raw.multi();
      longer.sadd(k('user'), 'c');
      longer.pexpire(k('user'), 300_000, 'NX');
      longer.pexpire(k('user'), 300_000, 'GT');
      return [first, second, afterShorter, await longer.exec(), ms(await raw.pttl(k('user')))];
    });
  });

  it('lists keys with SCAN: MATCH globs, COUNT, TYPE', async () => {
    await same(async ({ raw }) => {
      for (const name of ['hello', 'hallo', 'hxllo', 'heeello', 'h[llo', 'wörld', 'ключ']) await raw.set(k(name), '1');
      await raw.sadd(k('set:1'), 'm');
      const scanAll = async (options: { match: string; count?: number; type?: string }) => {
        const found: string[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await raw.scan(cursor, options);
          found.push(...keys);
          cursor = String(next);
        } while (cursor !== '0');
        return found.sort();
      };
      return [
        await scanAll({ match: `${prefix}*` }),
        await scanAll({ match: `${prefix}h?llo` }),
        await scanAll({ match: `${prefix}h*llo` }),
        await scanAll({ match: `${prefix}h[ae]llo` }),
        await scanAll({ match: `${prefix}h[^e]llo` }),
        await scanAll({ match: `${prefix}h[a-h]llo` }),
        await scanAll({ match: `${prefix}h\\[llo` }),
        await scanAll({ match: `${prefix}w?rld` }),
        await scanAll({ match: `${prefix}w??rld` }),
        await scanAll({ match: `${prefix}*:1` }),
        await scanAll({ match: `${prefix}h*`, count: 2 }),
        await scanAll({ match: `${prefix}*`, type: 'set' }),
        await scanAll({ match: `${prefix}*`, type: 'string', count: 1 }),
        await scanAll({ match: `${prefix}*`, type: 'nonsense' }),
      ];
    });
  });

  it('agrees on keyspace-wide DBSIZE, SCAN and FLUSHDB', async () => {
    await same(async ({ raw }) => [
      await raw.flushdb(),
      await raw.dbsize(),
      await raw.set(k('a'), '1'),
      await raw.set(k('b'), '1'),
      await raw.sadd(k('c'), '1'),
      await raw.dbsize(),
      (await raw.scan(0, { count: 1000 }))[1].sort(),
      await raw.exec(['FLUSHDB', 'ASYNC']),
      await raw.dbsize(),
      await raw.set(k('d'), '1'),
      await raw.exec(['FLUSHDB', 'SYNC']),
      await raw.dbsize(),
    ]);
  });
});

describe('sets', () => {
  it('runs SADD, SMEMBERS and SREM, and drops the emptied set', async () => {
    await same(async ({ raw }) => [
      await raw.sadd(k('s'), 'b', 'a', 'c', 'a'),
      await raw.sadd(k('s'), 'é', '🙂', 'a'),
      ((await raw.smembers(k('s'))) as string[]).sort(),
      await raw.smembers(k('missing')),
      await raw.srem(k('s'), 'a', 'z'),
      await raw.srem(k('missing'), 'a'),
      ((await raw.smembers(k('s'))) as string[]).sort(),
      await raw.srem(k('s'), 'b', 'c', 'é', '🙂'),
      await raw.pttl(k('s')),
      await raw.smembers(k('s')),
    ]);
  });
});

describe('set reads in bounded batches', () => {
  it('answers SCARD and SRANDMEMBER (any distinct members up to the count; repeats for a negative count)', async () => {
    await same(async ({ raw }) => {
      await raw.sadd(k('s'), 'a', 'b', 'c', 'd', 'e');
      await raw.set(k('str'), 'v');
      const some = (await raw.exec(['SRANDMEMBER', k('s'), 3])) as string[];
      const repeats = (await raw.exec(['SRANDMEMBER', k('s'), -8])) as string[];
      const one = (await raw.exec(['SRANDMEMBER', k('s')])) as string;
      return [
        await raw.scard(k('s')),
        await raw.scard(k('missing')),
        some.length,
        new Set(some).size,
        some.every((m) => 'abcde'.includes(m)),
        repeats.length,
        repeats.every((m) => 'abcde'.includes(m)),
        'abcde'.includes(one),
        ((await raw.exec(['SRANDMEMBER', k('s'), 10])) as string[]).sort(),
        await raw.exec(['SRANDMEMBER', k('s'), 0]),
        await raw.exec(['SRANDMEMBER', k('missing'), 5]),
        await raw.exec(['SRANDMEMBER', k('missing')]),
        await outcome(raw.exec(['SRANDMEMBER', k('s'), 'x'])),
        await outcome(raw.exec(['SRANDMEMBER', k('s'), '-9223372036854775808'])),
        await outcome(raw.exec(['SRANDMEMBER', k('s'), 1, 2])),
        await outcome(raw.exec(['SRANDMEMBER', k('str'), 1])),
        await outcome(raw.exec(['SCARD', k('str')])),
      ];
    });
  });
});

describe('sorted sets', () => {
  it('adds with ZADD and every flag the app may use: NX, XX, GT, LT, CH, INCR', async () => {
    await same(async ({ raw }) => {
      const z = (...args: Array<string | number>) => outcome(raw.exec(['ZADD', k('z'), ...args]));
      return [
        await z(3, 'c', 1, 'a', 2, 'b'),
        await z(1, 'a'),
        await z('CH', 5, 'a', 2, 'b', 9, 'new'),
        await z('NX', 100, 'a', 4, 'd'),
        await z('XX', 7, 'a', 8, 'nope'),
        await z('XX', 'CH', 7, 'a', 6, 'b'),
        await z('GT', 'CH', 1, 'a', 50, 'b', 0, 'e'),
        await z('LT', 'CH', 1, 'a', 60, 'b'),
        await z('XX', 'GT', 'CH', 2, 'a', 3, 'zz'),
        await z('INCR', 10, 'a'),
        await z('INCR', -2.5, 'a'),
        await z('NX', 'INCR', 1, 'a'),
        await z('XX', 'INCR', 1, 'missing'),
        await z('GT', 'INCR', -1, 'a'),
        await z('-inf', 'low', '+inf', 'high', '1.5', 'f', '-0.25', 'g', '1e3', 'h', '.5', 'i'),
        await raw.exec(['ZRANGE', k('z'), 0, -1, 'WITHSCORES']),
        await raw.zcard(k('z')),
        await raw.exec(['ZSCORE', k('z'), 'a']),
        await raw.exec(['ZSCORE', k('z'), 'high']),
        await raw.exec(['ZSCORE', k('z'), 'none']),
        await raw.exec(['ZSCORE', k('missing'), 'a']),
        await raw.zcard(k('missing')),
        await outcome(raw.exec(['ZADD', k('x'), 'XX', 1, 'a'])),
        await raw.zcard(k('x')),
        await raw.exec(['ZADD', k('ms'), 1_767_225_600_123, 'sess-a', 1_767_225_600_124, 'sess-b']),
        await raw.exec(['ZRANGE', k('ms'), 0, -1, 'WITHSCORES']),
      ];
    });
  });

  it('orders equal scores by member bytes, and removes with ZREM (an emptied set goes)', async () => {
    await same(async ({ raw }) => {
      await raw.exec(['ZADD', k('z'), 1, 'b', 1, 'a', 1, 'B', 1, 'ab', 1, '', 1, 'é', 1, '￿', 1, '🙂', 0, 'zero']);
      return [
        await raw.exec(['ZRANGE', k('z'), 0, -1]),
        await raw.exec(['ZREM', k('z'), 'a', 'nope', 'a']),
        await raw.exec(['ZREM', k('missing'), 'a']),
        await raw.exec(['ZRANGE', k('z'), 0, -1, 'REV']),
        await raw.exec(['ZREM', k('z'), 'b', 'B', 'ab', '', 'é', '￿', '🙂', 'zero']),
        await raw.pttl(k('z')),
        await raw.zcard(k('z')),
      ];
    });
  });

  it('answers ZRANGE by rank, by score and by lex, forwards and REV, with LIMIT and WITHSCORES', async () => {
    await same(async ({ raw }) => {
      await raw.exec(['ZADD', k('z'), ...[10, 'a', 20, 'b', 30, 'c', 40, 'd', 50, 'e', 50, 'f']]);
      await raw.exec(['ZADD', k('lex'), ...[0, 'apple', 0, 'banana', 0, 'cherry', 0, 'date']]);
      const r = (...args: Array<string | number>) => outcome(raw.exec(['ZRANGE', ...args]));
      return [
        await r(k('z'), 0, -1),
        await r(k('z'), 1, 2, 'WITHSCORES'),
        await r(k('z'), -2, -1),
        await r(k('z'), -100, 100),
        await r(k('z'), 3, 1),
        await r(k('z'), 9, 20),
        await r(k('z'), 0, 1, 'REV', 'WITHSCORES'),
        await r(k('z'), 0, -1, 'LIMIT', 0, -1),
        await r(k('z'), 20, 40, 'BYSCORE'),
        await r(k('z'), '(20', '(50', 'BYSCORE', 'WITHSCORES'),
        await r(k('z'), '-inf', '+inf', 'BYSCORE', 'LIMIT', 1, 2),
        await r(k('z'), '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, 3),
        await r(k('z'), 50, 20, 'BYSCORE', 'REV', 'WITHSCORES'),
        await r(k('z'), '(50', '-inf', 'byscore', 'rev', 'limit', 1, 2),
        await r(k('z'), '-inf', '+inf', 'BYSCORE', 'LIMIT', 4, 0),
        await r(k('z'), '-inf', '+inf', 'BYSCORE', 'LIMIT', -1, 2),
        await r(k('z'), '-inf', '+inf', 'BYSCORE', 'LIMIT', 2, -5),
        await r(k('z'), '-inf', '+inf', 'BYSCORE', 'LIMIT', 10, 5),
        await r(k('z'), '(', 100, 'BYSCORE'),
        await r(k('z'), ' 15', '35', 'BYSCORE'),
        await r(k('z'), 0, '1e400', 'BYSCORE'),
        await r(k('lex'), '[b', '(d', 'BYLEX'),
        await r(k('lex'), '-', '+', 'BYLEX', 'LIMIT', 1, 2),
        await r(k('lex'), '+', '(banana', 'BYLEX', 'REV'),
        await r(k('missing'), 0, -1),
        await r(k('missing'), 0, 1, 'BYSCORE'),
      ];
    });
  });

  it('counts a score range with ZCOUNT, bounds inclusive, exclusive and infinite', async () => {
    await same(async ({ raw }) => {
      await raw.exec(['ZADD', k('z'), 1, 'a', 2, 'b', 3, 'c', 4, 'd']);
      return [
        await raw.exec(['ZCOUNT', k('z'), '-inf', '+inf']),
        await raw.exec(['ZCOUNT', k('z'), '(2', '+inf']),
        await raw.exec(['ZCOUNT', k('z'), 2, 3]),
        await raw.exec(['ZCOUNT', k('z'), '(1', '(4']),
        await raw.exec(['ZCOUNT', k('z'), 5, 10]),
        await raw.exec(['ZCOUNT', k('missing'), 0, 1]),
        await outcome(raw.exec(['ZCOUNT', k('z'), 'x', 1])),
      ];
    });
  });

  it('removes a score range with ZREMRANGEBYSCORE', async () => {
    await same(async ({ raw }) => {
      await raw.exec(['ZADD', k('z'), 1, 'a', 2, 'b', 3, 'c', 4, 'd']);
      return [
        await raw.exec(['ZREMRANGEBYSCORE', k('z'), '-inf', '(2']),
        await raw.exec(['ZRANGE', k('z'), 0, -1]),
        await raw.exec(['ZREMRANGEBYSCORE', k('z'), 10, 20]),
        await raw.exec(['ZREMRANGEBYSCORE', k('missing'), 0, 1]),
        await raw.exec(['ZREMRANGEBYSCORE', k('z'), 0, '+inf']),
        await raw.zcard(k('z')),
        await raw.pttl(k('z')),
      ];
    });
  });

  it('expires a sorted set like any key, and keeps it as long as its longest member with NX then GT', async () => {
    await same(async ({ raw }) => {
      const tx = raw.multi();
      tx.zadd(k('z'), { score: 1, member: 'a' });
      tx.pexpire(k('z'), 100_000, 'NX');
      tx.pexpire(k('z'), 100_000, 'GT');
      const first = await tx.exec();
      await raw.exec(['ZADD', k('short'), 1, 'a']);
      await raw.pexpire(k('short'), 300);
      const before = await raw.zcard(k('short'));
      await expect.poll(() => raw.zcard(k('short')), { timeout: 3_000, interval: 20 }).toBe(0);
      return [first, ms(await raw.pttl(k('z'))), before, await raw.exec(['ZRANGE', k('short'), 0, -1]), await raw.pttl(k('short'))];
    });
  });

  it('answers the same errors for sorted sets', async () => {
    await same(async ({ raw }) => {
      await raw.set(k('str'), 'v');
      await raw.sadd(k('set'), 'm');
      await raw.exec(['ZADD', k('z'), 1, 'a']);
      const e = (...args: Array<string | number>) => outcome(raw.exec(args as [string, ...Array<string | number>]));
      return [
        await e('ZADD', k('z'), 1),
        await e('ZADD', k('z'), 'NX', 'XX', 1, 'a'),
        await e('ZADD', k('z'), 'NX', 'GT', 1, 'a'),
        await e('ZADD', k('z'), 'GT', 'LT', 1, 'a'),
        await e('ZADD', k('z'), 'INCR', 1, 'a', 2, 'b'),
        await e('ZADD', k('z'), 'one', 'a'),
        await e('ZADD', k('z'), 'nan', 'a'),
        await e('ZADD', k('z'), ' 1', 'a'),
        await e('ZADD', k('z'), '1 ', 'a'),
        await e('ZADD', k('z'), '1e400', 'a'),
        await e('ZADD', k('z'), '', 'a'),
        await e('ZADD', k('z'), 'INCR', '-inf', 'a'),
        await e('ZADD', k('z'), 'INCR', '+inf', 'a'),
        await e('ZADD', k('z'), 'INCR', '-inf', 'a'),
        await e('ZADD', k('str'), 1, 'a'),
        await e('ZADD', k('str'), 'x', 'a'),
        await e('ZADD', k('set'), 1, 'a'),
        await e('ZREM', k('str'), 'a'),
        await e('ZCARD', k('set')),
        await e('ZSCORE', k('str'), 'a'),
        await e('ZRANGE', k('str'), 0, -1),
        await e('ZRANGE', k('z'), 'a', 1),
        await e('ZRANGE', k('z'), 0, 1, 'LIMIT', 0, 1),
        await e('ZRANGE', k('z'), 0, 1, 'BYSCORE', 'LIMIT', 0),
        await e('ZRANGE', k('z'), 0, 1, 'BYSCORE', 'LIMIT', 'x', 1),
        await e('ZRANGE', k('z'), 'x', 1, 'BYSCORE'),
        await e('ZRANGE', k('z'), '1 ', 1, 'BYSCORE'),
        await e('ZRANGE', k('z'), 'nan', 1, 'BYSCORE'),
        await e('ZRANGE', k('z'), 'a', 'b', 'BYLEX'),
        await e('ZRANGE', k('z'), '-', '+', 'BYLEX', 'WITHSCORES'),
        await e('ZRANGE', k('z'), 0, 1, 'BYSCORE', 'BYLEX'),
        await e('ZRANGE', k('z'), 0, 1, 'REV', 'REV'),
        await e('ZRANGE', k('z'), 0, 1, 'SIDEWAYS'),
        await e('ZRANGE', k('z'), 0),
        await e('ZREMRANGEBYSCORE', k('z'), 'x', 1),
        await e('ZREMRANGEBYSCORE', k('str'), 0, 1),
        await e('ZSCORE', k('z')),
        await e('ZCARD', k('z'), 'x'),
        await e('ZREM', k('z')),
        await raw.exec(['ZRANGE', k('z'), 0, -1, 'WITHSCORES']),
        await e('GET', k('z')),
        await e('SMEMBERS', k('z')),
      ];
    });
  });

  it('pages a large index by score, newest first, as the session list does', async () => {
    await same(async ({ raw }) => {
      const members: Array<string | number> = [];
      for (let i = 0; i < 500; i++) members.push(1_700_000_000_000 + (i % 250), `s${String(i).padStart(3, '0')}`);
      await raw.exec(['ZADD', k('idx'), ...members]);
      const pages: unknown[] = [];
      for (let offset = 0; offset < 600; offset += 120) {
        pages.push(await raw.exec(['ZRANGE', k('idx'), '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', offset, 120, 'WITHSCORES']));
      }
      pages.push(await raw.exec(['ZRANGE', k('idx'), '(1700000000100', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, 5]));
      return [pages, await raw.zcard(k('idx'))];
    });
  });
});

describe('batches', () => {
  it('answers pipeline() slot by slot, errors in place', async () => {
    await same(async ({ raw, auto }) => {
      await raw.sadd(k('set'), 'm');
      const p = raw.pipeline();
      p.set(k('a'), '1');
      p.incr(k('a'));
      p.get(k('set'));
      p.smembers(k('set'));
      p.pttl(k('a'));
      p.mget(k('a'), k('set'));
      p.get(k('a'));
      const q = auto.pipeline();
      q.set(k('json'), { list: [1, 2] });
      q.get(k('json'));
      q.incr(k('json'));
      return [await p.exec({ keepErrors: true }), await q.exec({ keepErrors: true }), await outcome(raw.pipeline().get(k('set')).exec())];
    });
  });

  it('runs multi() atomically with runtime errors in their slots', async () => {
    await same(async ({ raw }) => {
      await raw.sadd(k('set'), 'm');
      const tx = raw.multi();
      tx.set(k('a'), '1', { px: 100_000 });
      tx.incr(k('a'));
      tx.get(k('set'));
      tx.pttl(k('a'));
      tx.sadd(k('s'), 'x', 'y');
      tx.srem(k('s'), 'x');
      tx.del(k('set'));
      const results = await tx.exec({ keepErrors: true });
      return [results.map((r, i) => (i === 3 ? { ...r, result: ms(r.result) } : r)), await raw.pttl(k('set')), await raw.smembers(k('s'))];
    });
  });

  it('discards a transaction with a command that cannot be queued, as Redis does', async () => {
    await same(async (side) => [
      await post(side, '/multi-exec', [
        ['SET', k('a'), '1'],
        ['NOSUCH', 'x'],
      ]),
      await post(side, '/multi-exec', [['SET', k('a'), '1'], ['GET']]),
      await post(
        side,
        '/multi-exec',
        [
          ['SET', k('a'), '1', 'BOGUS'],
          ['SET', k('b'), '2'],
          ['GET', k('b')],
        ],
        true,
      ),
      await side.raw.mget(k('a'), k('b')),
      await post(side, '/pipeline', [['SET', k('c'), '1'], ['NOSUCH'], ['GET'], ['GET', k('c')]], true),
    ]);
  });

  it('auto-pipelines concurrent calls into the same answers', async () => {
    await same(async ({ auto }) => {
      await auto.sadd(k('set'), 'm');
      const calls = await Promise.all([
        outcome(auto.set(k('a'), 'x')),
        outcome(auto.get(k('a'))),
        outcome(auto.incr(k('n'))),
        outcome(auto.incr(k('n'))),
        outcome(auto.get(k('set'))),
        outcome(auto.sadd(k('s'), 'a', 'b')),
        outcome(auto.smembers(k('set'))),
        outcome(auto.mget(k('a'), k('n'))),
        outcome(auto.set(k('j'), { deep: { list: ['é', 1] } })),
        outcome(auto.get(k('j'))),
        outcome(auto.pttl(k('a'))),
        outcome(auto.del(k('a'))),
      ]);
      return calls;
    });
  });
});

describe('wire format', () => {
  it('sends byte-identical JSON with and without base64', async () => {
    await same(async (side) => {
      await side.raw.set(k('v'), 'héllo');
      await side.raw.set(k('ok'), 'OK');
      await side.raw.sadd(k('set'), 'ü');
      const replies = [];
      for (const base64 of [false, true]) {
        replies.push(
          await post(side, '/', ['GET', k('v')], base64),
          await post(side, '/', ['GET', k('ok')], base64),
          await post(side, '/', ['SET', k('w'), 'x'], base64),
          await post(side, '/', ['SET', k('w'), 'y', 'GET'], base64),
          await post(side, '/', ['PING'], base64),
          await post(side, '/', ['SMEMBERS', k('set')], base64),
          await post(side, '/', ['SCAN', 0, 'MATCH', `${prefix}set`], base64),
          await post(side, '/', ['MGET', k('ok'), k('none')], base64),
          await post(side, '/', ['PTTL', k('v')], base64),
          await post(side, '/', ['GET', k('set')], base64),
          await post(
            side,
            '/pipeline',
            [
              ['GET', k('ok')],
              ['INCR', k('v')],
              ['DEL', k('w')],
            ],
            base64,
          ),
        );
      }
      return replies;
    });
  });
});
