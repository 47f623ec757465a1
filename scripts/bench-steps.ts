// `npm run bench:steps`: what each step of an authenticated request costs on its own, in plain Node,
// one call at a time (no load, no queueing): header copies, token parsing, key lookup, signature
// check, unseal, identity forwarding, and the store call split into client, wire and server, against
// the built-in store and (when redis-server is installed) the same lookups through REDIS_URL to a real
// Redis. The real functions run, against a store in this process. Runtime: Node (tsx).
//
// Options: --iterations=2000 (calls per step and batch; 5 batches, the median batch is reported).
// The edge sandbox's own entry cost cannot be timed here: `npm run bench` prices it (pass-through
// route against the untouched one).
import { spawn, type ChildProcess } from 'node:child_process';
import { decodeProtectedHeader } from 'jose';
import { bearerToken, authenticate } from '../lib/auth/authenticate';
import { signIdentity, stripIdentityHeaders } from '../lib/auth/forwarded-identity';
import { issueToken, verifyToken, VerifiedTokenCache } from '../lib/auth/jwt';
import { generatePrivateJwk, getKeyRing } from '../lib/auth/keys';
import { readIdentity } from '../lib/auth/read-identity';
import { SESSION_COOKIE, createSession, loadSession, unsealSessionId } from '../lib/auth/session';
import { findUserByName } from '../lib/auth/users';
import { parseConfig, type Config } from '../lib/config';
import { createStoreClient } from '../lib/store/client';
import { createMemoryBackend } from '../store-server/memory-backend';
import { Engine } from '../store-server/engine';
import { encode, parseBody, startStoreServer } from '../store-server/server';
import { freePort } from '../tooling/ports';
import { markdownTable } from './bench/table';

const raw = process.argv.find((a) => a.startsWith('--iterations='))?.slice('--iterations='.length);
const ITERATIONS = raw === undefined ? 2000 : Number(raw);
if (!Number.isInteger(ITERATIONS) || ITERATIONS <= 0) throw new Error('--iterations must be a positive integer');
const BATCHES = 5;

const say = (line = '') => process.stdout.write(`${line}\n`);

/** Median over batches of the mean time per call, in µs; every call awaited before the next. */
async function time(fn: () => unknown, iterations = ITERATIONS): Promise<number> {
  for (let i = 0; i < Math.min(200, iterations); i++) await fn();
  const perBatch: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await fn();
    perBatch.push(((performance.now() - start) * 1000) / iterations);
  }
  perBatch.sort((a, b) => a - b);
  return perBatch[Math.floor(BATCHES / 2)] as number;
}

/** A request as the middleware gets it from Next for the bench's rows (the headers autocannon sends, plus Next's own). */
function benchRequest(credential: Record<string, string>): Request {
  return new Request('http://127.0.0.1:3000/api/me', {
    headers: {
      host: '127.0.0.1:3000',
      'user-agent': 'autocannon',
      accept: '*/*',
      connection: 'keep-alive',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-host': '127.0.0.1:3000',
      'x-forwarded-port': '3000',
      'x-forwarded-proto': 'http',
      ...credential,
    },
  });
}

function startRedis(port: number): Promise<ChildProcess | undefined> {
  return new Promise((resolve) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.once('error', () => resolve(undefined));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve(child);
    });
    setTimeout(() => resolve(undefined), 5_000).unref();
  });
}

async function main() {
  const token = `bench-steps-${'x'.repeat(32)}`;
  const store = await startStoreServer({ token, port: 0 });
  const jwk = await generatePrivateJwk('ES256');
  const config: Config = parseConfig({
    SESSION_PASSWORD: 'bench-steps-session-password-0123456789abcdef',
    JWT_ALG: 'ES256',
    JWT_KEYS: JSON.stringify({ keys: [jwk] }),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: token,
  });
  const redis = createStoreClient({ url: store.url, token, timeoutMs: 5_000 });
  const user = findUserByName('alice');
  if (!user) throw new Error('no demo user alice');
  const ring = await getKeyRing(config, { redis });
  const { token: jwt } = await issueToken(user, { ring, config, ttl: 3600 });
  const session = await createSession(
    user,
    { sessionPassword: config.sessionPassword, idleTtl: 3600, absoluteTtl: 86_400 },
    { userAgent: 'bench', redis },
  );
  const cookie = `${SESSION_COOKIE}=${session.cookieValue}`;
  const jwtRequest = benchRequest({ authorization: `Bearer ${jwt}` });
  const sessionRequest = benchRequest({ cookie });
  const kid = String(decodeProtectedHeader(jwt).kid);
  const cache = new VerifiedTokenCache();

  const rows: [string, string, number][] = [];
  const step = async (group: string, name: string, fn: () => unknown, iterations?: number) => {
    rows.push([group, name, await time(fn, iterations)]);
    if (process.stdout.isTTY) process.stdout.write(`${name.padEnd(70)}\r`);
  };

  await step('header copies', 'new Headers(request.headers) + strip identity headers', () => {
    const h = new Headers(jwtRequest.headers);
    stripIdentityHeaders(h);
  });
  await step('token parsing', 'Authorization → token (bearerToken) + protected header (jose)', () => {
    decodeProtectedHeader(bearerToken(jwtRequest) as string);
  });
  await step('key lookup', 'getKeyRing, ring cached in memory (re-read every few s)', () => getKeyRing(config, { kid, redis }));
  await step('signature check', 'verifyToken ES256, no cache (jose jwtVerify, WebCrypto)', () => verifyToken(jwt, { ring, config }));
  await step('signature check', 'verifyToken ES256, verified-token cache hit', () => verifyToken(jwt, { ring, config, cache }));
  await step('unseal', 'unsealSessionId (iron-session unsealData, cold)', () =>
    unsealSessionId(session.cookieValue, config.sessionPassword),
  );
  const identity = (await authenticate(jwtRequest, { config, redis })) as { ok: true; identity: Parameters<typeof signIdentity>[1] };
  const forwarded = new Headers();
  signIdentity(forwarded, identity.identity, config.sessionPassword);
  const forwardedRequest = new Request('http://127.0.0.1:3000/api/me', { headers: forwarded });
  await step('identity forwarding', 'signIdentity (middleware, HMAC-SHA-256)', () =>
    signIdentity(new Headers(), identity.identity, config.sessionPassword),
  );
  await step('identity forwarding', 'readIdentity (handler: HMAC check + zod)', () =>
    readIdentity(forwardedRequest, config.sessionPassword),
  );

  // The store call: the same MGET of two keys as a session lookup.
  const mget = ['mget', `session:${'a'.repeat(43)}`, `seen:${'a'.repeat(43)}`];
  const body = Buffer.from(JSON.stringify(mget));
  const engine = new Engine();
  const backend = createMemoryBackend({ engine });
  await step('store (server)', 'parse the request body (JSON + checks)', () => parseBody(body, 'command'));
  await step('store (server)', 'engine MGET (memory backend)', () => backend.command(mget));
  await step('store (server)', 'encode the reply (base64 + JSON)', () =>
    JSON.stringify({ result: encode(['{"v":1,"id":"x"}'.repeat(10), '1767225600000'], true) }),
  );
  await step('store (client+wire+server)', 'redis.mget via @upstash/redis → built-in store', () =>
    redis.mget(mget[1] as string, mget[2] as string),
  );

  const redisPort = await freePort();
  const redisServer = await startRedis(redisPort);
  if (redisServer) {
    const viaRedis = await startStoreServer({ token, port: 0, redisUrl: `redis://127.0.0.1:${redisPort}` });
    const redisClient = createStoreClient({ url: viaRedis.url, token, timeoutMs: 5_000 });
    await step('store (client+wire+server)', 'redis.mget via @upstash/redis → store → redis-server', () =>
      redisClient.mget(mget[1] as string, mget[2] as string),
    );
    await viaRedis.close();
    redisServer.kill('SIGTERM');
  } else {
    say('redis-server is not installed or did not start: no comparison with a real Redis');
  }

  await step('whole, plain Node', 'authenticate(): JWT ES256 as shipped (verify cache on)', () =>
    authenticate(jwtRequest, { config, redis }),
  );
  const noCache = { ...config, jwtVerifyCache: false };
  await step('whole, plain Node', 'authenticate(): JWT ES256, JWT_VERIFY_CACHE=off', () =>
    authenticate(jwtRequest, { config: noCache, redis }),
  );
  await step('whole, plain Node', 'authenticate(): session (unseal cached + 1 store trip)', () =>
    authenticate(sessionRequest, { config, redis }),
  );
  await step('whole, plain Node', 'loadSession() alone', () => loadSession(session.cookieValue, config, { redis }));
  if (process.stdout.isTTY) process.stdout.write(`${' '.repeat(72)}\r`);

  say(
    markdownTable(
      [{ title: 'part' }, { title: 'step' }, { title: 'µs per call', align: 'right' }],
      rows.map(([group, name, us]) => [group, name, us < 10 ? us.toFixed(2) : us.toFixed(1)]),
    ),
  );
  say();
  say(`${BATCHES} batches of ${ITERATIONS} sequential calls per step; the median batch's mean. Node ${process.version.slice(1)}.`);
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-steps failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
