// A smaller, faster harness than `npm run bench -- --scale` for the built-in store alone (issue #16):
// seeds N sessions with the bench's own commands while the bench's traffic thread (PING every 5 ms,
// two lookup loops, a sign-in loop) runs, then restarts the store a few times and times each start.
// Runtime: Node (tsx). `npx tsx scripts/bench/store-stall.ts <sessions> [restarts] [gc-log-file]`;
// STORE_NODE_FLAGS adds V8 flags to the store process (e.g. "--trace-gc"); STALL_REDIS=1 runs the same
// against a redis-server (append-only file, fsync every second) behind the store process, as the bench does.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { summarize } from '../../lib/measure/stats';
import { freePort } from '../../tooling/ports';
import { signInCommands, StoreClient } from './scale-client';
import { redisServerArgs } from './scale';

const root = join(__dirname, '..', '..');
const sessions = Number(process.argv[2] ?? 100_000);
const restarts = Number(process.argv[3] ?? 2);
const gcLog = process.argv[4];
const flags = (process.env.STORE_NODE_FLAGS ?? '').split(' ').filter(Boolean);

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

async function start(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(root, 'store-server', 'main.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // --trace-gc writes to stdout: keep both streams in the log.
  for (const stream of [child.stdout, child.stderr]) {
    if (gcLog) stream?.pipe(createWriteStream(gcLog, { flags: 'a' }));
    else stream?.resume();
  }
  return new Promise((resolve, reject) => {
    child.once('message', (m: { type?: string; url?: string }) => {
      if (m.type === 'ready' && m.url) resolve({ child, url: m.url });
    });
    child.once('exit', (code) => reject(new Error(`store exited (${code})`)));
  });
}

async function stopStore(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function startRedis(dir: string, port: number): Promise<ChildProcess> {
  const args = redisServerArgs(port, dir);
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let said = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (data: Buffer) => {
      said += data.toString();
      if (said.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${said.slice(-500)}`)));
  });
  child.stdout?.resume();
  return child;
}

/** Children to stop if the run fails: a redis-server outlives its parent otherwise. */
const children: ChildProcess[] = [];

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-stall-'));
  const token = 'x'.repeat(40);
  const redisPort = await freePort();
  const redis = process.env.STALL_REDIS === '1' ? await startRedis(dataDir, redisPort) : undefined;
  const env = {
    ...process.env,
    STORE_TOKEN: token,
    STORE_PORT: String(await freePort()),
    ...(redis ? { REDIS_URL: `redis://127.0.0.1:${redisPort}` } : { DATA_DIR: dataDir }),
  };
  let store = await start(env);
  if (redis) children.push(redis);
  children.push(store.child);
  const dataPid = () => (redis ? redis.pid! : store.child.pid!);
  const client = new StoreClient(store.url, token);
  const rssEmpty = rssOf(dataPid());
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'scale-traffic.ts'))});`, {
    eval: true,
    workerData: { url: store.url, token, firstSignIn: sessions, shared },
  });
  const traffic = new Promise<{ pings: number[]; lookups: number[]; signIns: number[]; failed: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const started = performance.now();
  let next = 0;
  let seedRetries = 0;
  const seed = async () => {
    while (next < sessions) {
      const from = next;
      const to = Math.min(sessions, from + 250);
      next = to;
      const now = Date.now();
      const commands: string[][] = [];
      for (let i = from; i < to; i++) commands.push(...signInCommands(i, now).slice(0, 4));
      // As the bench does: a batch that timed out (Redis rewriting its file on a busy machine) is sent again.
      for (let attempt = 1; ; attempt++) {
        const r = await client.send('/pipeline', commands);
        if (r.ok) break;
        seedRetries++;
        if (attempt === 5) throw new Error(`seeding failed at ${from}: ${JSON.stringify(r.data).slice(0, 200)}`);
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
      Atomics.store(shared, 0, Math.max(Atomics.load(shared, 0), to));
    }
  };
  await Promise.all([seed(), seed(), seed()]);
  const seedMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  Atomics.store(shared, 1, 1);
  const { pings, lookups, signIns, failed } = await traffic;
  await worker.terminate();
  const rss = rssOf(dataPid());
  const keys = await client.dbsize();
  const l = summarize(lookups);
  const over = (xs: number[], ms: number) => xs.filter((x) => x > ms).length;
  console.log(
    JSON.stringify({
      sessions,
      store: redis ? 'redis' : 'built-in',
      flags: flags.join(' '),
      seedS: +(seedMs / 1000).toFixed(1),
      keys,
      rssMiB: Math.round(rss / 2 ** 20),
      bytesPerSession: Math.round((rss - rssEmpty) / sessions),
      pingMax: Math.round(Math.max(...pings)),
      pingsOver100: over(pings, 100),
      pingsOver250: over(pings, 250),
      lookupP99: Math.round(l.p99),
      lookupMax: Math.round(l.max),
      lookupsOver250: over(lookups, 250),
      signInP99: Math.round(summarize(signIns).p99),
      failed,
      seedRetries,
    }),
  );
  for (let i = 0; i < (redis ? 0 : restarts); i++) {
    const t0 = performance.now();
    await stopStore(store.child);
    const t1 = performance.now();
    store = await start(env);
    children.push(store.child);
    const t2 = performance.now();
    const back = await new StoreClient(store.url, token).dbsize();
    console.log(JSON.stringify({ restart: i + 1, stopMs: Math.round(t1 - t0), coldStartMs: Math.round(t2 - t1), keys: back }));
  }
  await stopStore(store.child);
  if (redis) await stopStore(redis);
  rmSync(dataDir, { recursive: true, force: true });
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    process.exit(1);
  },
);
