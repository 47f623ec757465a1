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
        ['ZADD', k('z'), 1, 'm'],
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
