// `npm run load`: a bounded load run against two instances over one store, in both modes, then a look
// at every key in the store. Fails on any 5xx, any answer naming another user, or a key without a TTL.
// Runtime: Node (tsx), Node's own fetch only. Options: --seconds=30 --clients=32 --instances=2 --redis --no-build
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createStoreClient } from '../lib/store/client';
import { BUILD_AND_START_MS, spawnLauncher, stopProcess, waitHealthy } from '../tooling/app-process';
import { freePort, freePorts } from '../tooling/ports';
import { demoCredentials } from '../lib/auth/demo-accounts';

function option(name: string, fallback: number): number {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

const SECONDS = option('seconds', 30);
const CLIENTS = option('clients', 32);
const INSTANCES = option('instances', 2);
const USERS = [demoCredentials('alice'), demoCredentials('bob')] as const;
/**
 * Sign-ins per account in flight at once. Each is counted against LOGIN_MAX_ATTEMPTS (5) until it
 * succeeds, and costs ~100 ms of scrypt: four at a time stays under the limit and leaves CPU for the rest.
 */
const SIGN_INS_PER_ACCOUNT = 4;
/** The mix, per request: most are what a signed-in client does all day; a few end the sign-in. */
const MIX = { session: { me: 0.94, session: 0.05, signOut: 0.01 }, jwt: { me: 0.89, refresh: 0.1, signOut: 0.01 } };

type Op =
  | 'session sign-in'
  | 'session /api/me'
  | 'GET /api/session'
  | 'session sign-out'
  | 'jwt sign-in'
  | 'jwt /api/me'
  | 'jwt refresh'
  | 'jwt revoke';

const stats = new Map<Op, { latencies: number[]; statuses: Map<number, number> }>();
const problems = { serverErrors: 0, wrongIdentity: 0, unexpected: 0, networkErrors: 0, examples: [] as string[] };

function record(op: Op, status: number, ms: number) {
  const entry = stats.get(op) ?? { latencies: [], statuses: new Map<number, number>() };
  entry.latencies.push(ms);
  entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  stats.set(op, entry);
}

function problem(kind: 'serverErrors' | 'wrongIdentity' | 'unexpected' | 'networkErrors', detail: string) {
  problems[kind] += 1;
  if (problems.examples.length < 10) problems.examples.push(`${kind}: ${detail}`);
}

/** Per-account gate for sign-ins (see SIGN_INS_PER_ACCOUNT). */
const gates = new Map<string, { inFlight: number; waiting: Array<() => void> }>();
async function gated<T>(username: string, work: () => Promise<T>): Promise<T> {
  const gate = gates.get(username) ?? { inFlight: 0, waiting: [] };
  gates.set(username, gate);
  while (gate.inFlight >= SIGN_INS_PER_ACCOUNT) await new Promise<void>((r) => gate.waiting.push(r));
  gate.inFlight += 1;
  try {
    return await work();
  } finally {
    gate.inFlight -= 1;
    gate.waiting.shift()?.();
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  setCookie: string[];
}

async function request(
  op: Op,
  url: string,
  init: { method?: string; cookie?: string; bearer?: string; body?: unknown } = {},
): Promise<Answer | undefined> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(init.cookie ? { Cookie: init.cookie } : {}),
        ...(init.bearer ? { Authorization: `Bearer ${init.bearer}` } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    record(op, response.status, ms);
    if (response.status >= 500) problem('serverErrors', `${op} ${response.status} ${text.slice(0, 200)}`);
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      problem('unexpected', `${op}: not JSON`);
    }
    return { status: response.status, body, setCookie: response.headers.getSetCookie() };
  } catch (error) {
    record(op, 0, performance.now() - started);
    problem('networkErrors', `${op}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

const cookieOf = (answer: Answer, name: string) => answer.setCookie.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
/** The refresh cookie with its companion (lib/auth/refresh-binding.ts): the refresh cookie is only used beside it. */
const refreshPairOf = (answer: Answer): string | undefined => {
  const refresh = cookieOf(answer, 'authlab_refresh');
  const bind = cookieOf(answer, 'authlab_refresh_bind');
  return refresh && bind ? `${refresh}; ${bind}` : undefined;
};

function expectUser(op: Op, answer: Answer | undefined, username: string) {
  if (!answer) return;
  if (answer.status !== 200) {
    problem('unexpected', `${op}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    return;
  }
  const who = (answer.body.user as { username?: string } | undefined)?.username;
  if (who !== username) problem('wrongIdentity', `${op}: signed in as ${username}, answered as ${String(who)}`);
}

/** One virtual client: signs in, then uses its credential (and a few times ends it and signs in again). */
async function client(index: number, urls: string[], deadline: number): Promise<void> {
  const user = USERS[index % USERS.length] as (typeof USERS)[number];
  const mode = index % 4 < 2 ? 'session' : 'jwt';
  let turn = index;
  const next = () => urls[turn++ % urls.length] as string;
  let cookie: string | undefined;
  let token: string | undefined;
  let refresh: string | undefined;

  while (Date.now() < deadline) {
    if (mode === 'session') {
      if (!cookie) {
        const answer = await gated(user.username, () =>
          request('session sign-in', `${next()}/api/session/login`, { method: 'POST', body: user }),
        );
        expectUser('session sign-in', answer, user.username);
        cookie = answer ? cookieOf(answer, 'authlab_session') : undefined;
        continue;
      }
      const roll = Math.random();
      if (roll < MIX.session.me)
        expectUser('session /api/me', await request('session /api/me', `${next()}/api/me`, { cookie }), user.username);
      else if (roll < MIX.session.me + MIX.session.session)
        expectUser('GET /api/session', await request('GET /api/session', `${next()}/api/session`, { cookie }), user.username);
      else {
        const answer = await request('session sign-out', `${next()}/api/session/logout`, { method: 'POST', cookie });
        if (answer && answer.status !== 200) problem('unexpected', `session sign-out: ${answer.status}`);
        cookie = undefined;
      }
    } else {
      if (!token || !refresh) {
        const answer = await gated(user.username, () => request('jwt sign-in', `${next()}/api/token`, { method: 'POST', body: user }));
        if (answer?.status === 200) {
          token = answer.body.access_token as string;
          refresh = refreshPairOf(answer);
        } else if (answer) problem('unexpected', `jwt sign-in: ${answer.status}`);
        continue;
      }
      const roll = Math.random();
      if (roll < MIX.jwt.me) expectUser('jwt /api/me', await request('jwt /api/me', `${next()}/api/me`, { bearer: token }), user.username);
      else if (roll < MIX.jwt.me + MIX.jwt.refresh) {
        const answer = await request('jwt refresh', `${next()}/api/token/refresh`, { method: 'POST', cookie: refresh });
        if (answer?.status === 200) {
          token = answer.body.access_token as string;
          refresh = refreshPairOf(answer);
          expectUser('jwt /api/me', await request('jwt /api/me', `${next()}/api/me`, { bearer: token }), user.username);
        } else if (answer) {
          problem('unexpected', `jwt refresh: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
          token = undefined;
        }
      } else {
        const answer = await request('jwt revoke', `${next()}/api/token/revoke`, {
          method: 'POST',
          ...(refresh ? { cookie: refresh } : {}),
          body: { token },
        });
        if (answer && answer.status !== 200) problem('unexpected', `jwt revoke: ${answer.status}`);
        token = undefined;
      }
    }
  }
  // Every client ends its sign-in, so the live-session keys can be seen to go.
  if (cookie) await request('session sign-out', `${urls[0]}/api/session/logout`, { method: 'POST', cookie });
  if (token)
    await request('jwt revoke', `${urls[0]}/api/token/revoke`, {
      method: 'POST',
      ...(refresh ? { cookie: refresh } : {}),
      body: { token },
    });
}

/** Permanent by design: the shared key ring and the live demo settings. Everything else must expire. */
const PERMANENT = /^(jwt:keyring:(HS256|ES256|EdDSA)|settings:[a-z_]+)$/;
const KINDS: Array<[string, RegExp]> = [
  ['session last-seen (live sessions)', /^sess:[^:]+:seen$/],
  ['session records (live + ended)', /^sess:[^:]+$/],
  ['user session sets', /^user:[^:]+:sessions$/],
  ['refresh tokens', /^rt:[^:]+$/],
  ['refresh "used" markers', /^rt:[^:]+:used$/],
  ['refresh families', /^rtf:/],
  ['user family sets', /^user:[^:]+:families$/],
  ['denylisted jtis', /^jwt:deny:/],
  ['ended refresh families (their access tokens refused)', /^jwt:family-ended:/],
  ['denylist index (ends with its last entry)', /^jwt:deny-index:/],
  ['sign-out-everywhere marks', /^jwt:nbf:/],
  ['sign-in counters', /^login:/],
  ['key ring', /^jwt:keyring:/],
  ['settings', /^settings:/],
];

async function storeKeys(url: string, token: string) {
  const redis = createStoreClient({ url, token, timeoutMs: 10_000 });
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [nextCursor, batch] = await redis.scan(cursor, { count: 1000 });
    cursor = String(nextCursor);
    keys.push(...batch);
  } while (cursor !== '0');
  const ttls: number[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const p = redis.pipeline();
    for (const key of keys.slice(i, i + 500)) p.pttl(key);
    ttls.push(...((await p.exec()) as number[]));
  }
  const dbsize = await redis.dbsize();
  const kinds = new Map<string, { count: number; maxTtlS: number }>();
  const noTtl: string[] = [];
  keys.forEach((key, i) => {
    const ttl = ttls[i] ?? -2;
    if (ttl === -1 && !PERMANENT.test(key)) noTtl.push(key);
    const kind = KINDS.find(([, re]) => re.test(key))?.[0] ?? 'other';
    const entry = kinds.get(kind) ?? { count: 0, maxTtlS: 0 };
    entry.count += 1;
    // -1: no TTL (permanent); kept as -1 so the report says so.
    entry.maxTtlS = ttl === -1 || entry.maxTtlS === -1 ? -1 : Math.max(entry.maxTtlS, Math.round(ttl / 1000));
    kinds.set(kind, entry);
  });
  return { dbsize, kinds, noTtl };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

function startCluster(env: NodeJS.ProcessEnv): ChildProcess {
  const build = !process.argv.includes('--no-build');
  const child = spawnLauncher({ script: 'cluster', build, instances: INSTANCES, env, stdio: ['ignore', 'pipe', 'inherit'] });
  // Only the cluster's own lines: the servers' request logs would drown the report.
  child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (line.startsWith('[cluster]') || line.includes('building')) process.stdout.write(`${line}\n`);
  });
  return child;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-load-'));
  const port = await freePorts(INSTANCES);
  const storePort = await freePort();
  let redis: { url: string; stop(): Promise<void> } | undefined;
  if (process.argv.includes('--redis')) {
    const { startRedisServer } = await import('../tooling/redis-server');
    redis = await startRedisServer();
  }
  const redisUrl = redis?.url ?? process.env.REDIS_URL;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STORE_PORT: String(storePort),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  delete env.UPSTASH_REDIS_REST_URL;
  delete env.UPSTASH_REDIS_REST_TOKEN;
  if (redisUrl) env.REDIS_URL = redisUrl;
  else delete env.REDIS_URL;

  const cluster = startCluster(env);
  const urls = Array.from({ length: INSTANCES }, (_, i) => `http://127.0.0.1:${port + i}`);
  let failed = true;
  let total = 0;
  try {
    for (const url of urls) {
      if (!(await waitHealthy(url, Date.now() + BUILD_AND_START_MS, cluster))) throw new Error(`${url} did not become healthy`);
    }
    const storeToken = (JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { storeToken: string }).storeToken;
    const storeUrl = `http://127.0.0.1:${storePort}`;
    process.stdout.write(
      `load: ${CLIENTS} clients for ${SECONDS} s on ${urls.join(' + ')} over one store (${redisUrl ? 'REDIS_URL' : 'memory'})\n`,
    );

    // Other work on the machine moves every figure: say how busy it was when the run began.
    const busyBefore = loadavg()[0] ?? 0;
    const started = performance.now();
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => new Promise((r) => setTimeout(r, i * 20)).then(() => client(i, urls, deadline))),
    );
    const elapsed = (performance.now() - started) / 1000;

    const afterRun = await storeKeys(storeUrl, storeToken);
    const lines: string[] = [];
    for (const [op, entry] of [...stats.entries()].sort()) {
      const sorted = [...entry.latencies].sort((x, y) => x - y);
      total += sorted.length;
      const statuses = [...entry.statuses.entries()].map(([s, n]) => `${s}×${n}`).join(' ');
      lines.push(
        `  ${op.padEnd(18)} ${String(sorted.length).padStart(7)}  p50 ${pct(sorted, 50).toFixed(1).padStart(6)}  p95 ${pct(sorted, 95).toFixed(1).padStart(6)}  p99 ${pct(sorted, 99).toFixed(1).padStart(6)}  max ${(sorted.at(-1) ?? 0).toFixed(0).padStart(5)} ms  ${statuses}`,
      );
    }
    const cpu = cpus();
    process.stdout.write(
      [
        '',
        `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${busyBefore.toFixed(1)} before the run`,
        `requests: ${total} in ${elapsed.toFixed(1)} s = ${Math.round(total / elapsed)}/s`,
        `  ${'operation'.padEnd(18)} ${'count'.padStart(7)}  latency (ms)`,
        ...lines,
        `5xx: ${problems.serverErrors}   other user's identity: ${problems.wrongIdentity}   unexpected answers: ${problems.unexpected}   network errors: ${problems.networkErrors}`,
        ...problems.examples.map((e) => `  e.g. ${e}`),
        `store after every client signed out: DBSIZE ${afterRun.dbsize}`,
        ...[...afterRun.kinds.entries()].map(
          ([kind, k]) =>
            `  ${kind.padEnd(34)} ${String(k.count).padStart(6)}  ${k.maxTtlS === -1 ? 'permanent by design' : `longest TTL ${k.maxTtlS} s`}`,
        ),
        `keys without a TTL (besides the key ring and settings): ${afterRun.noTtl.length}${afterRun.noTtl.length ? ` e.g. ${afterRun.noTtl.slice(0, 5).join(', ')}` : ''}`,
        '',
      ].join('\n'),
    );
    const liveLeft = afterRun.kinds.get('session last-seen (live sessions)')?.count ?? 0;
    failed =
      problems.serverErrors + problems.wrongIdentity + problems.unexpected + problems.networkErrors + afterRun.noTtl.length + liveLeft > 0;
  } finally {
    await stopProcess(cluster);
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(failed ? 'load: FAILED\n' : `load: ok (${total} requests, no 5xx, no crossed identities, every key expires)\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
