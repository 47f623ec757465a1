// `npm run bench -- --scale`: the store at N sessions: data file, memory, longest stall, cold start.
// Runtime: Node (tsx). Runs the built-in store (memory engine, journal) and the same store process
// forwarding to a real redis-server (AOF, fsync every second) through REDIS_URL, side by side.
//
// The sessions are written straight into the store with the commands the app sends when it signs a
// user in (lib/auth/session.ts), through /pipeline; lookups (the MGET of every authenticated
// request) and sign-ins (the /multi-exec of createSession) run alongside, and a PING every 5 ms
// measures how long the store ever keeps a client waiting.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis as IoRedis } from 'ioredis';
import { Worker } from 'node:worker_threads';
import { summarize } from '../../lib/measure/stats';
import { sessionHash, signInCommands, StoreClient } from './scale-client';
import { findOnPath } from '../../tooling/find-on-path';
import { freePort } from '../../tooling/ports';
import { startStore, stop, type Started } from './servers';

export interface ScaleRow {
  backend: 'built-in' | 'redis';
  sessions: number;
  /** Bytes on disk after seeding (journal + snapshot, or Redis's AOF directory). */
  fileBytes: number;
  /** Resident memory of the process holding the data (store, or redis-server), and its growth over empty. */
  rssBytes: number;
  rssGrowthBytes: number;
  /** The slowest PING (every 5 ms, while seeding, lookups and sign-ins ran). */
  longestStallMs: number;
  lookupP99Ms: number;
  lookupMaxMs: number;
  signInP99Ms: number;
  failed: number;
  /** Seeding batches sent again after the store answered 503 (see `measure`). */
  seedRetries: number;
  /** Normal stop (SIGTERM / SHUTDOWN) to ready again, with every key back. */
  stopMs: number;
  coldStartMs: number;
  keysBefore: number;
  keysAfter: number;
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

const SESSIONS_PER_PIPELINE = 250;

interface Target {
  backend: ScaleRow['backend'];
  /** The process whose memory holds the data. */
  dataPid(): number;
  dataDir: string;
  client(): StoreClient;
  /** Normal stop, then start again; resolves when it answers. */
  restart(): Promise<{ stopMs: number; coldStartMs: number }>;
  close(): Promise<void>;
}

async function builtInTarget(root: string, env: NodeJS.ProcessEnv, token: string, log: WriteStream): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-scale-'));
  const storeEnv = { ...env, STORE_TOKEN: token, STORE_PORT: String(await freePort()), DATA_DIR: dataDir };
  let store: Started & { url: string } = await startStore(root, storeEnv, log);
  return {
    backend: 'built-in',
    dataPid: () => store.pid,
    dataDir,
    client: () => new StoreClient(store.url, token),
    async restart() {
      const t0 = performance.now();
      await stop(store, 120_000);
      const t1 = performance.now();
      store = await startStore(root, storeEnv, log);
      return { stopMs: t1 - t0, coldStartMs: performance.now() - t1 };
    },
    async close() {
      await stop(store);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `redis-server` on loopback with persistence like the journal's: an append-only file, fsynced every second. */
export function redisServerArgs(port: number, dir: string): string[] {
  return ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir];
}

async function redisTarget(root: string, env: NodeJS.ProcessEnv, token: string, log: WriteStream): Promise<Target | undefined> {
  const binary = findOnPath('redis-server');
  if (!binary) return undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-scale-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const args = redisServerArgs(port, dataDir);
  const startRedis = async (): Promise<ChildProcess> => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    const probe = new IoRedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 20, enableOfflineQueue: true });
    probe.on('error', () => undefined);
    // Ready means answering commands: while it loads the AOF, Redis answers -LOADING.
    for (;;) {
      try {
        if (probe.status === 'wait') await probe.connect();
        await probe.dbsize();
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    probe.disconnect();
    return child;
  };
  let redis = await startRedis();
  const storeEnv = { ...env, STORE_TOKEN: token, STORE_PORT: String(await freePort()), REDIS_URL: url };
  const store = await startStore(root, storeEnv, log);
  const shutdown = async () => {
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    const admin = new IoRedis(url, { maxRetriesPerRequest: 0 });
    admin.on('error', () => undefined);
    await admin.call('SHUTDOWN').catch(() => undefined);
    admin.disconnect();
    await exited;
  };
  return {
    backend: 'redis',
    dataPid: () => redis.pid ?? 0,
    dataDir,
    client: () => new StoreClient(store.url, token),
    async restart() {
      const t0 = performance.now();
      await shutdown();
      const t1 = performance.now();
      redis = await startRedis();
      return { stopMs: t1 - t0, coldStartMs: performance.now() - t1 };
    },
    async close() {
      await stop(store);
      await shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function measure(target: Target, sessions: number, say: (line: string) => void): Promise<ScaleRow> {
  const client = target.client();
  const rssEmpty = rssOf(target.dataPid());
  const shared = new Int32Array(new SharedArrayBuffer(8));
  // A worker doesn't inherit tsx's loader: register it there first (the CommonJS one, as this runs).
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'scale-traffic.ts'))});`, {
    eval: true,
    workerData: { url: client.url, token: client.token, firstSignIn: sessions, shared },
  });
  const traffic = new Promise<{ pings: number[]; lookups: number[]; signIns: number[]; failed: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });

  const started = performance.now();
  let nextToSeed = 0;
  let seedRetries = 0;
  const seedWorker = async () => {
    for (;;) {
      const from = nextToSeed;
      if (from >= sessions) return;
      const to = Math.min(sessions, from + SESSIONS_PER_PIPELINE);
      nextToSeed = to;
      const now = Date.now();
      const commands: string[][] = [];
      for (let i = from; i < to; i++) commands.push(...signInCommands(i, now).slice(0, 4));
      // Every seeding command is idempotent: a batch that timed out (Redis rewriting its AOF on a busy machine) is sent again.
      for (let attempt = 1; ; attempt++) {
        const r = await client.send('/pipeline', commands);
        if (r.ok) break;
        seedRetries++;
        if (attempt === 5) throw new Error(`seeding failed at session ${from}: ${JSON.stringify(r.data).slice(0, 200)}`);
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
      Atomics.store(shared, 0, Math.max(Atomics.load(shared, 0), to));
      if (Math.floor(from / 100_000) !== Math.floor(to / 100_000)) {
        say(`    ${target.backend}: ${to} sessions in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    }
  };
  await Promise.all([seedWorker(), seedWorker(), seedWorker()]);
  // Keep the traffic going a little longer: a compaction or a rewrite may start just after the last write.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  Atomics.store(shared, 1, 1);
  const { pings, lookups, signIns, failed } = await traffic;
  await worker.terminate();
  const rss = rssOf(target.dataPid());
  const keysBefore = await client.dbsize();
  const fileBytes = dirBytes(target.dataDir);

  const { stopMs, coldStartMs } = await target.restart();
  const after = target.client();
  const keysAfter = await after.dbsize();
  const sample = Array.from({ length: 200 }, () => Math.floor(Math.random() * sessions));
  const check = await after.send('/', ['MGET', ...sample.map((i) => `sess:${sessionHash(i)}`)]);
  if (!check.ok || (check.data as { result: (string | null)[] }).result.some((v) => v === null)) {
    throw new Error(`${target.backend}: sessions missing after the restart`);
  }
  const l = summarize(lookups);
  return {
    backend: target.backend,
    sessions,
    fileBytes,
    rssBytes: rss,
    rssGrowthBytes: rss - rssEmpty,
    longestStallMs: Math.max(...pings),
    lookupP99Ms: l.p99,
    lookupMaxMs: l.max,
    signInP99Ms: summarize(signIns).p99,
    failed,
    seedRetries,
    stopMs,
    coldStartMs,
    keysBefore,
    keysAfter,
  };
}

export async function runScale(options: {
  root: string;
  sizes: number[];
  env: NodeJS.ProcessEnv;
  token: string;
  log: WriteStream;
  say: (line: string) => void;
  /** Called after each row, so a long run that fails later keeps what it measured. */
  onRow?: (rows: readonly ScaleRow[]) => void;
}): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const sessions of options.sizes) {
    for (const make of [builtInTarget, redisTarget]) {
      const target = await make(options.root, options.env, options.token, options.log);
      if (!target) {
        options.say('  (no redis-server on this machine: the Redis rows are left out)');
        continue;
      }
      options.say(`  ${target.backend}, ${sessions} sessions…`);
      try {
        const row = await measure(target, sessions, options.say);
        rows.push(row);
        options.onRow?.(rows);
      } finally {
        await target.close();
      }
    }
  }
  return rows;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 100 * 1024 * 1024 ? 1 : 0)} MiB`;
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`);

export function scaleTable(rows: readonly ScaleRow[]): string[][] {
  return rows.map((r) => [
    r.sessions.toLocaleString('en-US'),
    r.backend,
    mib(r.fileBytes),
    `${mib(r.rssBytes)} (+${mib(r.rssGrowthBytes)}, ${Math.round(r.rssGrowthBytes / r.sessions)} B/session)`,
    ms(r.longestStallMs),
    `${ms(r.lookupP99Ms)} / ${ms(r.lookupMaxMs)}`,
    ms(r.signInP99Ms),
    r.seedRetries > 0 ? `${r.failed} (+${r.seedRetries} seed batches retried)` : String(r.failed),
    ms(r.stopMs),
    ms(r.coldStartMs),
    r.keysAfter === r.keysBefore ? `all ${r.keysAfter.toLocaleString('en-US')}` : `${r.keysAfter} of ${r.keysBefore}`,
  ]);
}

export const SCALE_HEADER = [
  'sessions',
  'store',
  'data on disk',
  'RSS (growth, per session)',
  'longest stall (PING)',
  'lookup p99 / max',
  'sign-in p99',
  'failed',
  'normal stop',
  'cold start',
  'keys back',
];
