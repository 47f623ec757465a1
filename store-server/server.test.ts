import { request } from 'node:http';
import { createServer } from 'node:net';
import { Redis } from '@upstash/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OUTAGE_PATH } from '../lib/store/outage-protocol';
import { startRedisServer } from '../tooling/redis-server';
import { MAX_BODY_BYTES, commandOf, parseBody, pathOf, startStoreServer, type StoreServer } from './server';

const TOKEN = `server-test-${'s'.repeat(32)}`;
let store: StoreServer;

async function call(path: string, body: unknown, options: { token?: string | null; base64?: boolean; method?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? TOKEN}`;
  if (options.base64) headers['Upstash-Encoding'] = 'base64';
  const method = options.method ?? 'POST';
  const res = await fetch(`${store.url}${path}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: options.raw ?? JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as unknown) : undefined };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

beforeAll(async () => {
  store = await startStoreServer({ token: TOKEN, port: 0 });
});

afterAll(async () => {
  await store.close();
});

describe('startStoreServer', () => {
  it('listens on a free loopback port', () => {
    expect(store.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(store.port).toBeGreaterThan(0);
    expect(store.backend).toBe('memory');
  });
});

describe('authentication', () => {
  it('answers 401 without the right Bearer token', async () => {
    for (const token of [null, 'wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await call('/', ['PING'], { token });
      expect(res).toMatchObject({ status: 401, json: { error: 'Unauthorized' } });
    }
    expect(await call('/', ['PING'])).toMatchObject({ status: 200, json: { result: 'PONG' } });
  });
});

describe('encoding', () => {
  it('sends plain strings without Upstash-Encoding, base64 with it, "OK" and numbers as they are', async () => {
    await call('/', ['SET', 'enc:v', 'héllo 🙂']);
    await call('/', ['SET', 'enc:ok', 'OK']);
    await call('/', ['SADD', 'enc:s', 'OK']);
    expect((await call('/', ['GET', 'enc:v'])).json).toEqual({ result: 'héllo 🙂' });
    expect((await call('/', ['GET', 'enc:v'], { base64: true })).json).toEqual({ result: b64('héllo 🙂') });
    expect((await call('/', ['SET', 'enc:x', '1'], { base64: true })).json).toEqual({ result: 'OK' });
    expect((await call('/', ['INCR', 'enc:x'], { base64: true })).json).toEqual({ result: 2 });
    expect((await call('/', ['GET', 'enc:none'], { base64: true })).json).toEqual({ result: null });
    expect((await call('/', ['PING'], { base64: true })).json).toEqual({ result: b64('PONG') });
    // Inside arrays the client decodes every string, "OK" included.
    expect((await call('/', ['SMEMBERS', 'enc:s'], { base64: true })).json).toEqual({ result: [b64('OK')] });
    expect((await call('/', ['MGET', 'enc:v', 'enc:none'], { base64: true })).json).toEqual({
      result: [b64('héllo 🙂'), null],
    });
    expect((await call('/', ['SCAN', 0, 'MATCH', 'enc:s'], { base64: true })).json).toEqual({
      result: [b64('0'), [b64('enc:s')]],
    });
  });

  it('accepts numbers and booleans as arguments', async () => {
    expect((await call('/', ['SET', 'num', 1.5, 'EX', 10])).json).toEqual({ result: 'OK' });
    expect((await call('/', ['GET', 'num'])).json).toEqual({ result: '1.5' });
    expect((await call('/', ['SET', 'bool', true])).json).toEqual({ result: 'OK' });
    expect((await call('/', ['GET', 'bool'])).json).toEqual({ result: 'true' });
  });
});

describe('batches', () => {
  it('answers /pipeline with one slot per command, errors in place, status 200', async () => {
    await call('/', ['SADD', 'b:s', 'm']);
    const res = await call('/pipeline', [['SET', 'b:a', '1'], ['GET', 'b:s'], ['INCR', 'b:a'], ['NOPE']], { base64: true });
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { result: 'OK' },
      { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
      { result: 2 },
      { error: "ERR unknown command 'NOPE', with args beginning with: " },
    ]);
  });

  it('answers /multi-exec like a pipeline, and one error when the transaction is discarded', async () => {
    const ok = await call('/multi-exec', [
      ['SET', 'm:a', 'x'],
      ['INCR', 'm:a'],
      ['GET', 'm:a'],
    ]);
    expect(ok).toMatchObject({
      status: 200,
      json: [{ result: 'OK' }, { error: 'ERR value is not an integer or out of range' }, { result: 'x' }],
    });
    const aborted = await call('/multi-exec', [['SET', 'm:b', 'x'], ['GET']]);
    expect(aborted).toMatchObject({ status: 400, json: { error: 'EXECABORT Transaction discarded because of previous errors.' } });
    expect((await call('/', ['GET', 'm:b'])).json).toEqual({ result: null });
  });

  it('runs a /multi-exec with nothing interleaved, under concurrent clients', async () => {
    const redis = new Redis({ url: store.url, token: TOKEN, retry: { retries: 0 }, enableTelemetry: false });
    await redis.del('tx:n');
    const transfers = Array.from({ length: 50 }, () => redis.multi().incr('tx:n').incr('tx:n').get('tx:n').exec());
    const results = await Promise.all(transfers);
    // Each transaction sees its own two increments back to back: an even count every time.
    for (const [, second, read] of results) expect(Number(read)).toBe(second);
    expect(results.every(([first, second]) => Number(second) === Number(first) + 1 && Number(second) % 2 === 0)).toBe(true);
  });
});

describe('request parsing (the per-request path, without a schema library)', () => {
  it('takes strings, finite numbers and booleans as Redis arguments, and nothing else', () => {
    expect(commandOf(['SET', 'k', 1.5, true, -0])).toEqual(['SET', 'k', '1.5', 'true', '0']);
    expect(commandOf(['GET', 'lone \uD800 surrogate'])).toEqual(['GET', 'lone \uFFFD surrogate']);
    for (const bad of [[], {}, 'GET', null, ['GET', null], ['GET', ['a']], ['GET', { a: 1 }], ['GET', Infinity], ['GET', NaN]]) {
      expect(commandOf(bad), JSON.stringify(bad)).toBeUndefined();
    }
    // JSON has no Infinity, but 1e999 parses to it: refused like any non-number.
    expect(() => parseBody(Buffer.from('["SET","k",1e999]'), 'command')).toThrow(/^ERR invalid request body/);
  });

  it('needs every command of a batch to be one', () => {
    expect(parseBody(Buffer.from('[["GET","a"],["INCR","b"]]'), 'pipeline')).toEqual([
      ['GET', 'a'],
      ['INCR', 'b'],
    ]);
    for (const raw of ['[]', '[["GET","a"],[]]', '[["GET","a"],"PING"]', '{"0":["PING"]}']) {
      expect(() => parseBody(Buffer.from(raw), 'multi-exec'), raw).toThrow(/^ERR invalid request body/);
    }
  });

  it("reads the client's own paths as they are, and resolves any other target as a URL", () => {
    for (const path of ['/', '/pipeline', '/multi-exec', OUTAGE_PATH]) expect(pathOf(path)).toBe(path);
    expect(pathOf('/pipeline?x=1')).toBe('/pipeline');
    expect(pathOf('/a/../pipeline')).toBe('/pipeline');
    expect(pathOf('/%70ipeline')).toBe('/%70ipeline');
    expect(pathOf('/constructor')).toBe('/constructor');
    expect(pathOf(undefined)).toBe('/');
  });
});

describe('bad requests', () => {
  it('answers bad JSON and wrong body shapes with 400 and an ERR message', async () => {
    const cases: Array<[string, string]> = [
      ['/', '{"not":'],
      ['/', '{"command":"GET"}'],
      ['/', '[]'],
      ['/', '[["GET","a"]]'],
      ['/', '["GET",{"a":1}]'],
      ['/', '["GET",null]'],
      ['/pipeline', '["GET","a"]'],
      ['/pipeline', '[]'],
      ['/multi-exec', '[[]]'],
      ['/', '\u00ff\u00fe'],
    ];
    for (const [path, raw] of cases) {
      const res = await call(path, undefined, { raw });
      expect(res.status, `${path} ${raw}`).toBe(400);
      expect((res.json as { error: string }).error).toMatch(/^ERR /);
    }
  });

  it('answers an unsupported command with the Redis error, not a crash', async () => {
    expect(await call('/', ['FLUBBER', 'a', 'b'])).toMatchObject({
      status: 400,
      json: { error: "ERR unknown command 'FLUBBER', with args beginning with: 'a' 'b' " },
    });
    expect(await call('/', ['SUBSCRIBE', 'news'])).toMatchObject({ status: 400 });
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    expect(await call('/get/foo', ['GET', 'foo'])).toMatchObject({ status: 404 });
    expect(await call('/pipeline/x', [['PING']])).toMatchObject({ status: 404 });
    const get = await call('/', undefined, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await call('/pipeline', [['PING']], { method: 'PUT' })).status).toBe(405);
  });

  it('answers 413 past 1 MiB, accepts exactly 1 MiB, and keeps serving', async () => {
    const exactly = (size: number) => {
      const shell = JSON.stringify(['SET', 'big', '']);
      return JSON.stringify(['SET', 'big', 'x'.repeat(size - shell.length)]);
    };
    const fits = await call('/', undefined, { raw: exactly(MAX_BODY_BYTES) });
    expect(fits.status).toBe(200);
    const tooBig = await call('/', undefined, { raw: exactly(MAX_BODY_BYTES + 1) });
    expect(tooBig).toMatchObject({ status: 413, json: { error: expect.stringMatching(/^ERR /) } });
    expect((await call('/', ['PING'])).status).toBe(200);
  });

  it('refuses a huge declared body at once and closes that connection', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${store.url}/`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Length': String(200 * MAX_BODY_BYTES) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('["PING"');
    });
    expect(status).toBe(413);
    expect((await call('/', ['PING'])).status).toBe(200);
  });
});

describe('the outage switch', () => {
  afterEach(async () => {
    await call(OUTAGE_PATH, { seconds: 0 });
  });

  it('needs the store token, and reports the outage it starts', async () => {
    expect((await call(OUTAGE_PATH, { seconds: 5, mode: 'refuse' }, { token: 'wrong' })).status).toBe(401);
    const started = await call(OUTAGE_PATH, { seconds: 5, mode: 'hang' });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ outage: { mode: 'hang' }, backend: 'memory' });
    expect((started.json as { outage: { remainingMs: number } }).outage.remainingMs).toBeGreaterThan(4_000);
    expect(store.outage()?.mode).toBe('hang');
    expect((await call(OUTAGE_PATH, undefined, { method: 'GET' })).json).toMatchObject({ outage: { mode: 'hang' } });
    expect((await call(OUTAGE_PATH, { seconds: 0 })).json).toMatchObject({ outage: null });
  });

  it('refuses bad requests to the switch with 400', async () => {
    for (const body of [{ seconds: -1 }, { seconds: 1.5 }, { seconds: 10_000 }, { seconds: 5, mode: 'slow' }, {}]) {
      expect((await call(OUTAGE_PATH, body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('the Redis backend when Redis is down', () => {
  it('starts anyway and answers 503 fast instead of hanging', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const lines: string[] = [];
    const down = await startStoreServer({
      token: TOKEN,
      redisUrl: `redis://:secret@127.0.0.1:${closedPort}`,
      log: (line) => lines.push(line),
    });
    try {
      expect(down.storage).toBe(`redis redis://:****@127.0.0.1:${closedPort}`);
      const started = Date.now();
      const res = await fetch(`${down.url}/pipeline`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify([['GET', 'a']]),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/^ERR store unavailable/);
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(lines.join('\n')).not.toContain('secret');
    } finally {
      await down.close();
    }
  });
});

describe('the Redis backend across a Redis restart', () => {
  it('answers 503 fast while Redis is gone and recovers by itself when it is back', async () => {
    const first = await startRedisServer();
    const port = Number(new URL(first.url).port);
    const lines: string[] = [];
    const relay = await startStoreServer({ token: TOKEN, redisUrl: first.url, log: (line) => lines.push(line) });
    const redis = new Redis({ url: relay.url, token: TOKEN, retry: { retries: 0 }, enableTelemetry: false });
    let second: Awaited<ReturnType<typeof startRedisServer>> | undefined;
    try {
      expect(await redis.set('restart:k', 'v')).toBe('OK');
      await first.stop();
      const started = Date.now();
      await expect(redis.get('restart:k')).rejects.toThrow(/store unavailable/);
      expect(Date.now() - started).toBeLessThan(1_500);
      second = await startRedisServer({ port });
      await expect.poll(() => redis.ping().catch(() => 'down'), { timeout: 5_000, interval: 50 }).toBe('PONG');
      expect(lines.join('\n')).toMatch(/unavailable[\s\S]*reachable again/);
    } finally {
      await relay.close();
      await second?.stop();
    }
  });
});

describe('close', () => {
  it('resolves promptly with an idle keep-alive connection open', async () => {
    const extra = await startStoreServer({ token: TOKEN });
    await fetch(`${extra.url}/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: '["PING"]',
      keepalive: true,
    });
    const started = Date.now();
    await extra.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
