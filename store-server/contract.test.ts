// The store contract: the memory engine and a real Redis, each behind the built-in store's HTTP
// server and driven by real @upstash/redis clients, must answer every sequence identically.
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
 * The two sides run one after the other, each reading its own clock; on a loaded machine a
 * scenario can take a while. Loose enough for that, tight enough to tell seconds from ms.
 */
const secs = (ttl: unknown) => near(ttl, 2);
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
  for (const side of sides) {
    const keys = await side.raw.keys(`${prefix}*`);
    if (keys.length > 0) await side.raw.del(...keys);
  }
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
      await auto.mset({ [k('m1')]: 'a', [k('m2')]: { x: 1 } }),
      await auto.mget(k('m1'), k('m2'), k('missing')),
      await raw.mget(k('m1'), k('m2')),
      await auto.ping(),
      await auto.ping(['hi there']),
      await auto.echo('échø'),
      await raw.exec(['PING']),
    ]);
  });

  it('honours SET options, SETNX, SETEX, PSETEX, GETDEL and GETEX', async () => {
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
        secs(await raw.ttl(k('a'))),
        await raw.set(k('a'), 'v4', { keepTtl: true }),
        secs(await raw.ttl(k('a'))),
        await raw.set(k('a'), 'v5'),
        await raw.ttl(k('a')),
        await raw.set(k('a'), 'v6', { px: 5000 }),
        ms(await raw.pttl(k('a'))),
        await raw.set(k('a'), 'v7', { exat: exAt }),
        secs(await raw.ttl(k('a'))),
        await raw.set(k('a'), 'v8', { pxat: pxAt }),
        ms(await raw.pttl(k('a'))),
        await raw.exec(['SET', k('a'), 'v9', 'ex', 10, 'ex', 20]),
        secs(await raw.ttl(k('a'))),
        await raw.setnx(k('b'), '1'),
        await raw.setnx(k('b'), '2'),
        await raw.setex(k('c'), 30, 'x'),
        secs(await raw.ttl(k('c'))),
        await raw.psetex(k('d'), 30_000, 'y'),
        ms(await raw.pttl(k('d'))),
        await raw.getdel(k('d')),
        await raw.getdel(k('d')),
        await raw.getex(k('c'), { persist: true }),
        await raw.ttl(k('c')),
        await raw.getex(k('c'), { px: 40_000 }),
        ms(await raw.pttl(k('c'))),
        await raw.getex(k('c'), { ex: 50 }),
        secs(await raw.ttl(k('c'))),
        await raw.getex(k('c'), { exat: exAt }),
        secs(await raw.ttl(k('c'))),
        await raw.getex(k('c'), { pxat: pxAt }),
        ms(await raw.pttl(k('c'))),
        await raw.getex(k('missing'), { ex: 5 }),
        await raw.exec(['GETEX', k('c'), 'PXAT', Date.now() - 1000]),
        await raw.exists(k('c')),
      ];
    });
  });

  it('counts with INCR / INCRBY / DECR / DECRBY and keeps the TTL', async () => {
    await same(async ({ raw }) => [
      await raw.incr(k('n')),
      await raw.incrby(k('n'), 41),
      await raw.decr(k('n')),
      await raw.decrby(k('n'), 50),
      await raw.expire(k('n'), 100),
      await raw.incr(k('n')),
      secs(await raw.ttl(k('n'))),
      await raw.get(k('n')),
      await raw.set(k('max'), '9223372036854775806'),
      await raw.incr(k('max')),
      await raw.exec(['INCRBY', k('neg'), '-9223372036854775808']),
    ]);
  });
});

describe('errors', () => {
  it('answers the same error texts, whichever path the command takes', async () => {
    await same(async ({ auto, raw }) => {
      await raw.hset(k('h'), { f: 'v' });
      await raw.set(k('s'), 'abc');
      await raw.set(k('big'), '9223372036854775807');
      return [
        await outcome(auto.get(k('h'))),
        await outcome(raw.get(k('h'))),
        await outcome(raw.exec(['GET', k('h')])),
        await outcome(raw.incr(k('s'))),
        await outcome(raw.incr(k('big'))),
        await outcome(raw.exec(['DECRBY', k('big'), '-9223372036854775808'])),
        await outcome(raw.incrby(k('s'), 1.5)),
        await outcome(raw.exec(['SET', k('x'), 'v', 'NX', 'XX'])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'EX', 0])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'EX', 'ten'])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'KEEPTTL', 'PX', 5])),
        await outcome(raw.exec(['SET', k('x'), 'v', 'PX', '9223372036854775807'])),
        await outcome(raw.exec(['SETEX', k('x'), -1, 'v'])),
        await outcome(raw.exec(['PSETEX', k('x'), 0, 'v'])),
        await outcome(raw.exec(['GETEX', k('s'), 'PERSIST', 'EX', 1])),
        await outcome(raw.exec(['GET'])),
        await outcome(raw.exec(['GET', 'a', 'b'])),
        await outcome(raw.exec(['HSET', k('h2'), 'f'])),
        await outcome(raw.exec(['MSET', k('a'), '1', k('b')])),
        await outcome(raw.exec(['FOO', 'bar', 'baz'])),
        await outcome(raw.exec(['PING', 'a', 'b'])),
        await outcome(raw.exec(['EXPIRE', k('s'), 10, 'NX', 'XX'])),
        await outcome(raw.exec(['EXPIRE', k('s'), 10, 'GT', 'LT'])),
        await outcome(raw.exec(['EXPIRE', k('s'), 10, 'sometimes'])),
        await outcome(raw.exec(['EXPIRE', k('s'), '9223372036854775807'])),
        await outcome(raw.exec(['PEXPIRE', k('s'), '9223372036854775807'])),
        await outcome(raw.exec(['SCAN', 'abc'])),
        await outcome(raw.exec(['SCAN', 0, 'COUNT', 0])),
        await outcome(raw.exec(['SCAN', 0, 'MATCH'])),
        await outcome(raw.exec(['FLUSHDB', 'later'])),
        await outcome(raw.exec(['FLUSHALL', 'later'])),
        await outcome(raw.exec(['DBSIZE', 'x'])),
        await outcome(raw.exec(['HINCRBY', k('h'), 'f', 1])),
        await outcome(raw.exec(['HINCRBY', k('h'), 'f', 'x'])),
        await outcome(raw.sadd(k('h'), 'm')),
        await outcome(raw.zadd(k('h'), { score: 1, member: 'm' })),
        await outcome(raw.exec(['ZADD', k('z'), 'NX', 'XX', 1, 'm'])),
        await outcome(raw.exec(['ZADD', k('z'), 'GT', 'LT', 1, 'm'])),
        await outcome(raw.exec(['ZADD', k('z'), 'NX', 'GT', 1, 'm'])),
        await outcome(raw.exec(['ZADD', k('z'), 'INCR', 1, 'a', 2, 'b'])),
        await outcome(raw.exec(['ZADD', k('z'), 'nan', 'm'])),
        await outcome(raw.exec(['ZADD', k('z'), ' 1', 'm'])),
        await outcome(raw.exec(['ZADD', k('z'), '1e400', 'm'])),
        await outcome(raw.exec(['ZADD', k('z'), 1, 'a', 2])),
        await outcome(raw.exec(['ZRANGE', k('z'), 0, -1, 'LIMIT', 0, 1])),
        await outcome(raw.exec(['ZRANGE', k('z'), 'a', 'b', 'BYSCORE'])),
        await outcome(raw.exec(['ZRANGE', k('z'), 'a', 'b', 'BYLEX'])),
        await outcome(raw.exec(['ZRANGE', k('z'), '-', '+', 'BYLEX', 'WITHSCORES'])),
        await outcome(raw.exec(['ZRANGEBYSCORE', k('z'), 0, 1, 'LIMIT', 0])),
        await outcome(raw.exec(['ZREVRANGE', k('z'), 0, -1, 'WITHSCORES', 'extra'])),
        await outcome(raw.exec(['ZCOUNT', k('z'), 'low', 'high'])),
        await outcome(raw.exec(['ZREMRANGEBYSCORE', k('z'), '(x', 1])),
        await outcome(raw.zincrby(k('z'), 1, 'm')),
        await outcome(raw.exec(['ZADD', k('inf'), '+inf', 'm'])),
        await outcome(raw.exec(['ZINCRBY', k('inf'), '-inf', 'm'])),
      ];
    });
  });
});

describe('keys and expiry', () => {
  it('expires keys at their time, polled rather than slept for', async () => {
    await same(async ({ raw }) => {
      await raw.set(k('short'), 'v', { px: 500 });
      await raw.set(k('gone'), 'v', { px: 500 });
      await raw.pexpire(k('gone'), 300);
      const before = [await raw.get(k('short')), await raw.exists(k('gone'))];
      await expect.poll(() => raw.exists(k('short'), k('gone')), { timeout: 3_000, interval: 20 }).toBe(0);
      return [before, await raw.get(k('short')), await raw.ttl(k('short')), await raw.pttl(k('gone')), await raw.keys(`${prefix}*`)];
    });
  });

  it('applies EXPIRE family options, PERSIST, TTL and TYPE', async () => {
    await same(async ({ raw }) => {
      const at = Math.floor(Date.now() / 1000) + 500;
      return [
        await raw.set(k('k'), 'v'),
        await raw.expire(k('k'), 100, 'XX'),
        await raw.expire(k('k'), 100, 'GT'),
        await raw.expire(k('k'), 100, 'LT'),
        await raw.expire(k('k'), 50, 'NX'),
        await raw.expire(k('k'), 50, 'GT'),
        await raw.expire(k('k'), 200, 'GT'),
        secs(await raw.ttl(k('k'))),
        await raw.pexpire(k('k'), 150_000, 'LT'),
        ms(await raw.pttl(k('k'))),
        await raw.expireat(k('k'), at),
        secs(await raw.ttl(k('k'))),
        await raw.pexpireat(k('k'), Date.now() + 400_250),
        ms(await raw.pttl(k('k'))),
        await raw.persist(k('k')),
        await raw.persist(k('k')),
        await raw.ttl(k('k')),
        await raw.ttl(k('missing')),
        await raw.pttl(k('missing')),
        await raw.expire(k('missing'), 10),
        await raw.expire(k('k'), -1),
        await raw.exists(k('k')),
        await raw.set(k('s'), 'v'),
        await raw.hset(k('h'), { f: 'v' }),
        await raw.sadd(k('set'), 'm'),
        await raw.zadd(k('z'), { score: 1, member: 'm' }),
        await raw.type(k('s')),
        await raw.type(k('h')),
        await raw.type(k('set')),
        await raw.type(k('z')),
        await raw.type(k('none')),
        await raw.exists(k('s'), k('s'), k('h'), k('none')),
        await raw.del(k('s'), k('s'), k('none')),
        await raw.unlink(k('h'), k('set')),
        await raw.exists(k('z')),
      ];
    });
  });

  it('lists keys with KEYS and SCAN (MATCH, COUNT, TYPE)', async () => {
    await same(async ({ raw }) => {
      for (const name of ['hello', 'hallo', 'hxllo', 'heeello', 'h[llo', 'wörld', 'ключ']) await raw.set(k(name), '1');
      await raw.hset(k('hash:1'), { f: 'v' });
      await raw.zadd(k('zset:1'), { score: 1, member: 'm' });
      const sorted = async (pattern: string) => ((await raw.keys(`${prefix}${pattern}`)) as string[]).sort();
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
        await sorted('*'),
        await sorted('h?llo'),
        await sorted('h*llo'),
        await sorted('h[ae]llo'),
        await sorted('h[^e]llo'),
        await sorted('h[a-h]llo'),
        await sorted('h\\[llo'),
        await sorted('w?rld'),
        await sorted('w??rld'),
        await sorted('*:1'),
        await scanAll({ match: `${prefix}*` }),
        await scanAll({ match: `${prefix}h*`, count: 2 }),
        await scanAll({ match: `${prefix}*`, type: 'hash' }),
        await scanAll({ match: `${prefix}*`, type: 'zset', count: 1 }),
        await scanAll({ match: `${prefix}*`, type: 'nonsense' }),
      ];
    });
  });

  it('agrees on keyspace-wide DBSIZE, KEYS * and FLUSHDB', async () => {
    await same(async ({ raw }) => [
      await raw.flushdb(),
      await raw.dbsize(),
      await raw.set(k('a'), '1'),
      await raw.set(k('b'), '1'),
      await raw.hset(k('c'), { f: '1' }),
      await raw.dbsize(),
      ((await raw.keys('*')) as string[]).sort(),
      await raw.exec(['FLUSHDB', 'ASYNC']),
      await raw.dbsize(),
    ]);
  });
});

describe('hashes and sets', () => {
  it('runs every hash command', async () => {
    await same(async ({ auto, raw }) => [
      await raw.hset(k('h'), { b: '2', a: '1' }),
      await raw.hset(k('h'), { b: '3', c: { nested: true } }),
      await raw.hsetnx(k('h'), 'a', 'x'),
      await raw.hsetnx(k('h'), 'd', 'ünï'),
      await raw.hget(k('h'), 'c'),
      await auto.hget(k('h'), 'c'),
      await raw.hget(k('h'), 'zz'),
      await raw.hmget(k('h'), 'a', 'zz', 'd'),
      await auto.hmget(k('h'), 'a', 'c'),
      await auto.hmget(k('missing'), 'a'),
      await raw.hgetall(k('h')),
      await auto.hgetall(k('h')),
      await auto.hgetall(k('missing')),
      await raw.hexists(k('h'), 'a'),
      await raw.hexists(k('h'), 'q'),
      await raw.hincrby(k('h'), 'n', 5),
      await raw.hincrby(k('h'), 'n', -7),
      await raw.hlen(k('h')),
      await raw.hkeys(k('h')),
      await raw.hvals(k('h')),
      await raw.hdel(k('h'), 'a', 'b', 'nope'),
      await raw.hdel(k('h'), 'c', 'd', 'n'),
      await raw.exists(k('h')),
    ]);
  });

  it('runs every set command', async () => {
    await same(async ({ raw }) => [
      await raw.sadd(k('s'), 'b', 'a', 'c', 'a'),
      await raw.sadd(k('s'), 'é', '🙂'),
      ((await raw.smembers(k('s'))) as string[]).sort(),
      await raw.sismember(k('s'), 'a'),
      await raw.sismember(k('s'), 'z'),
      await raw.scard(k('s')),
      await raw.srem(k('s'), 'a', 'z'),
      await raw.scard(k('missing')),
      await raw.srem(k('s'), 'b', 'c', 'é', '🙂'),
      await raw.exists(k('s')),
    ]);
  });
});

describe('sorted sets', () => {
  it('formats scores and orders members exactly as Redis does', async () => {
    const scores = ['0.1', '1.5', '1e20', '1e-5', '123456789012345678', '1000000000000000.25', '-0', '0x10', '.5', '5.'];
    await same(async ({ raw }) => {
      await raw.exec(['ZADD', k('f'), ...scores.flatMap((s, i) => [s, `m${i}`])]);
      await raw.exec(['ZADD', k('f'), '+inf', 'top', '-inf', 'bottom']);
      await raw.zadd(k('u'), { score: 0, member: '🙂' }, { score: 0, member: '\uFFFD' }, { score: 0, member: 'z' });
      await raw.zadd(k('u'), { score: 0, member: 'Z' }, { score: 0, member: 'é' }, { score: 0, member: '' });
      return [
        await raw.zrange(k('f'), 0, -1, { withScores: true }),
        await Promise.all(scores.map((_, i) => raw.zscore(k('f'), `m${i}`))),
        await raw.zrange(k('u'), 0, -1),
        await raw.zincrby(k('f'), 0.2, 'm0'),
        await raw.zincrby(k('f'), 1, 'new'),
      ];
    });
  });

  it('runs ZADD options and member commands', async () => {
    await same(async ({ raw }) => [
      await raw.zadd(k('z'), { score: 1, member: 'a' }, { score: 2, member: 'b' }),
      await raw.zadd(k('z'), { nx: true }, { score: 5, member: 'a' }, { score: 5, member: 'n' }),
      await raw.zadd(k('z'), { xx: true, ch: true }, { score: 6, member: 'a' }, { score: 6, member: 'x' }),
      await raw.zadd(k('z'), { gt: true, ch: true }, { score: 4, member: 'a' }, { score: 3, member: 'b' }),
      await raw.zadd(k('z'), { lt: true, ch: true }, { score: 9, member: 'b' }, { score: 0, member: 'n' }),
      await raw.zadd(k('z'), { incr: true }, { score: 2.5, member: 'a' }),
      await raw.zadd(k('z'), { incr: true, gt: true }, { score: -1, member: 'a' }),
      await raw.zadd(k('z'), { incr: true, xx: true }, { score: 1, member: 'nobody' }),
      await raw.zadd(k('nokey'), { xx: true }, { score: 1, member: 'a' }),
      await raw.exists(k('nokey')),
      await raw.zscore(k('z'), 'a'),
      await raw.zscore(k('z'), 'nobody'),
      await raw.zcard(k('z')),
      await raw.zcard(k('missing')),
      await raw.zrem(k('z'), 'n', 'nobody'),
      await raw.zrange(k('z'), 0, -1, { withScores: true }),
      await raw.zrem(k('z'), 'a', 'b'),
      await raw.exists(k('z')),
    ]);
  });

  it('ranges by rank, score and lex, with REV, LIMIT and WITHSCORES', async () => {
    await same(async ({ raw }) => {
      await raw.zadd(
        k('z'),
        { score: 1, member: 'b' },
        { score: 1, member: 'a' },
        { score: 2, member: 'c' },
        { score: 3, member: 'd' },
        { score: 3.5, member: 'e' },
      );
      await raw.exec(['ZADD', k('z'), '-inf', 'lo', '+inf', 'hi']);
      await raw.exec(['ZADD', k('lex'), 0, 'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e']);
      const z = k('z');
      return [
        await raw.zrange(z, 0, -1),
        await raw.zrange(z, 1, 2, { withScores: true }),
        await raw.zrange(z, -3, -1),
        await raw.zrange(z, 5, 1),
        await raw.zrange(z, 0, 100, { rev: true }),
        await raw.zrange(z, '(1', 3, { byScore: true }),
        await raw.zrange(z, '-inf', '+inf', { byScore: true, withScores: true }),
        await raw.zrange(z, 3, '(1', { byScore: true, rev: true }),
        await raw.zrange(z, '-inf', '+inf', { byScore: true, offset: 1, count: 3 }),
        await raw.zrange(z, '+inf', '-inf', { byScore: true, rev: true, offset: 2, count: 2, withScores: true }),
        await raw.zrange(k('lex'), '[b', '(e', { byLex: true }),
        await raw.zrange(k('lex'), '-', '+', { byLex: true, offset: 1, count: 2 }),
        await raw.zrange(k('lex'), '+', '(b', { byLex: true, rev: true }),
        await raw.zrange(z, '[b', '+', { byLex: true }),
        await raw.exec(['ZRANGE', z, 0, -1, 'LIMIT', 0, -1]),
        await raw.exec(['ZRANGEBYSCORE', z, 1, 3, 'WITHSCORES', 'LIMIT', 1, 2]),
        await raw.exec(['ZRANGEBYSCORE', z, '-inf', '+inf', 'LIMIT', -1, 2]),
        await raw.exec(['ZRANGEBYSCORE', z, '-inf', '+inf', 'LIMIT', 2, -5]),
        await raw.exec(['ZRANGEBYSCORE', z, '(1', '(3.5']),
        await raw.exec(['ZREVRANGEBYSCORE', z, '+inf', 2, 'WITHSCORES']),
        await raw.exec(['ZREVRANGE', z, 0, 2, 'WITHSCORES']),
        await raw.exec(['ZREVRANGE', z, -2, -1]),
        await raw.exec(['ZRANGE', k('missing'), 0, -1]),
        await raw.zcount(z, 1, 3),
        await raw.zcount(z, '(1', '+inf'),
        await raw.zcount(z, '-inf', '(2'),
        await raw.exec(['ZCOUNT', z, '', '']),
        await raw.zremrangebyscore(z, '(1', 3),
        await raw.zrange(z, 0, -1, { withScores: true }),
        await raw.zremrangebyscore(z, '-inf', '+inf'),
        await raw.exists(z),
      ];
    });
  });
});

describe('batches', () => {
  it('answers pipeline() slot by slot, errors in place', async () => {
    await same(async ({ raw, auto }) => {
      await raw.hset(k('h'), { f: 'v' });
      const p = raw.pipeline();
      p.set(k('a'), '1');
      p.incr(k('a'));
      p.get(k('h'));
      p.hget(k('h'), 'f');
      p.zadd(k('z'), { score: 1, member: 'm' });
      p.zrange(k('z'), 0, -1, { withScores: true });
      p.zscore(k('z'), 'm');
      p.get(k('a'));
      const q = auto.pipeline();
      q.set(k('json'), { list: [1, 2] });
      q.get(k('json'));
      q.incr(k('json'));
      return [await p.exec({ keepErrors: true }), await q.exec({ keepErrors: true }), await outcome(raw.pipeline().get(k('h')).exec())];
    });
  });

  it('runs multi() atomically with runtime errors in their slots', async () => {
    await same(async ({ raw }) => {
      await raw.hset(k('h'), { f: 'v' });
      const tx = raw.multi();
      tx.set(k('a'), '1', { ex: 100 });
      tx.incr(k('a'));
      tx.get(k('h'));
      tx.pttl(k('a'));
      tx.sadd(k('s'), 'x', 'y');
      tx.del(k('h'));
      const results = await tx.exec({ keepErrors: true });
      return [results.map((r, i) => (i === 3 ? { ...r, result: ms(r.result) } : r)), await raw.exists(k('h'))];
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
      await side.raw.exists(k('a'), k('b')),
      await post(side, '/pipeline', [['SET', k('c'), '1'], ['NOSUCH'], ['GET'], ['GET', k('c')]], true),
    ]);
  });

  it('auto-pipelines concurrent calls into the same answers', async () => {
    await same(async ({ auto }) => {
      await auto.hset(k('h'), { f: 'v' });
      const calls = await Promise.all([
        outcome(auto.set(k('a'), 'x')),
        outcome(auto.get(k('a'))),
        outcome(auto.incr(k('n'))),
        outcome(auto.incr(k('n'))),
        outcome(auto.get(k('h'))),
        outcome(auto.sadd(k('s'), 'a', 'b')),
        outcome(auto.scard(k('s'))),
        outcome(auto.hget(k('h'), 'f')),
        outcome(auto.zadd(k('z'), { score: 2, member: 'm' })),
        outcome(auto.zscore(k('z'), 'm')),
        outcome(auto.set(k('j'), { deep: { list: ['é', 1] } })),
        outcome(auto.get(k('j'))),
        outcome(auto.exists(k('a'), k('n'))),
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
      await side.raw.zadd(k('z'), { score: 0.1, member: 'ü' });
      const replies = [];
      for (const base64 of [false, true]) {
        replies.push(
          await post(side, '/', ['GET', k('v')], base64),
          await post(side, '/', ['GET', k('ok')], base64),
          await post(side, '/', ['SET', k('w'), 'x'], base64),
          await post(side, '/', ['PING'], base64),
          await post(side, '/', ['TYPE', k('z')], base64),
          await post(side, '/', ['ZRANGE', k('z'), 0, -1, 'WITHSCORES'], base64),
          await post(side, '/', ['SCAN', 0, 'MATCH', `${prefix}z`], base64),
          await post(side, '/', ['MGET', k('ok'), k('none')], base64),
          await post(side, '/', ['GET', k('z')], base64),
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
