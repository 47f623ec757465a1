// `npm run bench`: what authentication costs in each mode, measured on this machine in one run.
// Runtime: Node (tsx). Starts its own store and app instances (building first if sources changed),
// loads each route with autocannon, prints one table, writes .bench/results.json, stops what it started.
// Beside them it builds (once, cached under the OS temp folder) and starts the Auth.js peer app
// (../shared/peers/authjs, or AUTHLAB_PEER_DIR), signs in to it and loads its routes in the same rounds,
// so every "× Auth.js" ratio comes from one run; without the peer (--no-peer, or it cannot be built)
// the bench says so and runs without those rows.
//
// Options: --duration=10 (measured seconds per row, split over the rounds), --rounds=4 (rows are
// interleaved round by round, so a noisy neighbour hits every row alike), --warmup=2 (seconds before
// each row's first segment; half a second before later ones), --connections=32, --probe=200
// (sequential requests per protected row, interleaved, read for their Server-Timing), --quick (a
// smoke run of a few seconds), --rows=id,id (only these rows, and only the servers they need; e.g.
// --rows=untouched,pass-through,jwt-es256,jwt-es256-nocache,session,peer-me-mw,peer-untouched for the
// issue-19 comparison with the peer), --no-peer.
// --scale instead measures the store at N sessions (scripts/bench/scale.ts), built-in beside Redis:
// --sizes=10000,100000,1000000 (the default) picks the N.
// --claims instead runs the Learn page's claim measurements (lib/measure/claims.ts, the same definitions
// the page's "Measure on this server" runs) against one instance of its own, and writes .bench/claims.json.
import autocannon from 'autocannon';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { authCostOf, type AuthCost } from '../lib/measure/auth-cost';
import { summarize, type Summary } from '../lib/measure/stats';
import { waitHealthy } from '../tooling/app-process';
import { freePort } from '../tooling/ports';
import { FIRST_LOAD_BUDGET_BYTES, formatKiB, measureFirstLoad, type FirstLoad } from './bench/first-load-js';
import { matcherFor, readMiddlewareManifest } from './bench/middleware-matcher';
import { claimsTable, runClaims } from './bench/claims';
import { runScale, SCALE_HEADER, scaleTable, type ScaleRow } from './bench/scale';
import { preparePeer, peerSignIn, peerSourceDir, spawnPeer, type PeerBuild } from './bench/peer';
import { logTo, openLog, startApp, startStore, stop, type Started } from './bench/servers';
import { formatMs, formatRate, formatRatio, markdownTable, verdict } from './bench/table';
import { evaluateTargets, type AuthProbe, type RowId, type RowResult } from './bench/targets';
import { loadOrCreateSecrets } from './secrets';
import { demoCredentials } from '../lib/auth/demo-accounts';
import { sessionCookieOf } from '../tooling/session-cookie';

const root = resolve(__dirname, '..');

function option(name: string, fallback: number): number {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const quick = process.argv.includes('--quick');
const opts = {
  duration: option('duration', quick ? 2 : 10),
  rounds: Math.round(option('rounds', quick ? 1 : 4)),
  warmup: option('warmup', quick ? 0.5 : 2),
  connections: Math.round(option('connections', 32)),
  probe: Math.round(option('probe', quick ? 40 : 200)),
};

const say = (line = '') => process.stdout.write(`${line}\n`);

type ServerId = 'peer' | 'es256' | 'hs256' | 'eddsa' | 'es256-denylist' | 'es256-nocache' | 'hs256-nocache' | 'eddsa-nocache';
// The app as shipped (JWT_VERIFY_CACHE on), and the same three algorithms with the cache off, so
// the table shows what a signature check costs on every request, and what the cache saves.
const SERVERS: { id: Exclude<ServerId, 'peer'>; env: Record<string, string> }[] = [
  { id: 'es256', env: { JWT_ALG: 'ES256', JWT_DENYLIST: 'off', JWT_VERIFY_CACHE: 'on' } },
  { id: 'hs256', env: { JWT_ALG: 'HS256', JWT_DENYLIST: 'off', JWT_VERIFY_CACHE: 'on' } },
  { id: 'eddsa', env: { JWT_ALG: 'EdDSA', JWT_DENYLIST: 'off', JWT_VERIFY_CACHE: 'on' } },
  { id: 'es256-denylist', env: { JWT_ALG: 'ES256', JWT_DENYLIST: 'on', JWT_VERIFY_CACHE: 'on' } },
  { id: 'hs256-nocache', env: { JWT_ALG: 'HS256', JWT_DENYLIST: 'off', JWT_VERIFY_CACHE: 'off' } },
  { id: 'es256-nocache', env: { JWT_ALG: 'ES256', JWT_DENYLIST: 'off', JWT_VERIFY_CACHE: 'off' } },
  { id: 'eddsa-nocache', env: { JWT_ALG: 'EdDSA', JWT_DENYLIST: 'off', JWT_VERIFY_CACHE: 'off' } },
];

/** `peer`: the Auth.js peer's own session cookie. */
type Credential = 'none' | 'cookie' | 'bearer' | 'peer';
interface Row {
  id: RowId;
  label: string;
  server: ServerId;
  method: 'GET' | 'POST';
  path: string;
  credential: Credential;
}

const ROWS: Row[] = [
  {
    id: 'untouched',
    label: 'untouched route (no middleware)',
    server: 'es256',
    method: 'GET',
    path: '/.well-known/bench-untouched',
    credential: 'none',
  },
  { id: 'unprotected', label: 'unprotected (no auth)', server: 'es256', method: 'GET', path: '/api/health', credential: 'none' },
  {
    id: 'pass-through',
    label: 'pass-through middleware',
    server: 'es256',
    method: 'GET',
    path: '/api/bench/passthrough',
    credential: 'none',
  },
  { id: 'jwt-hs256', label: 'JWT HS256', server: 'hs256', method: 'GET', path: '/api/me', credential: 'bearer' },
  { id: 'jwt-es256', label: 'JWT ES256', server: 'es256', method: 'GET', path: '/api/me', credential: 'bearer' },
  { id: 'jwt-eddsa', label: 'JWT EdDSA', server: 'eddsa', method: 'GET', path: '/api/me', credential: 'bearer' },
  {
    id: 'jwt-es256-denylist',
    label: 'JWT ES256 + denylist',
    server: 'es256-denylist',
    method: 'GET',
    path: '/api/me',
    credential: 'bearer',
  },
  {
    id: 'jwt-hs256-nocache',
    label: 'JWT HS256, no verify cache',
    server: 'hs256-nocache',
    method: 'GET',
    path: '/api/me',
    credential: 'bearer',
  },
  {
    id: 'jwt-es256-nocache',
    label: 'JWT ES256, no verify cache',
    server: 'es256-nocache',
    method: 'GET',
    path: '/api/me',
    credential: 'bearer',
  },
  {
    id: 'jwt-eddsa-nocache',
    label: 'JWT EdDSA, no verify cache',
    server: 'eddsa-nocache',
    method: 'GET',
    path: '/api/me',
    credential: 'bearer',
  },
  { id: 'session', label: 'session (cookie)', server: 'es256', method: 'GET', path: '/api/me', credential: 'cookie' },
  { id: 'exchange', label: 'hybrid exchange', server: 'es256', method: 'POST', path: '/api/session/exchange', credential: 'cookie' },
  // The peer: its middleware decrypts the JWE session and hands the user on in a header (no second
  // read in the handler), and a route its middleware does not match.
  { id: 'peer-me-mw', label: 'Auth.js /api/me-mw (middleware)', server: 'peer', method: 'GET', path: '/api/me-mw', credential: 'peer' },
  { id: 'peer-untouched', label: 'Auth.js untouched route', server: 'peer', method: 'GET', path: '/api/health', credential: 'none' },
];

const started: Started[] = [];
let dataDir: string | undefined;

async function stopEverything(): Promise<void> {
  // The apps first (they may still talk to the store), then the store; each by its PID.
  const store = started.filter((s) => s.name === 'store');
  await Promise.all(started.filter((s) => s.name !== 'store').map((s) => stop(s)));
  await Promise.all(store.map((s) => stop(s)));
  started.length = 0;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

async function signIn(url: string, path: '/api/session/login' | '/api/token'): Promise<Response> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(demoCredentials('alice')),
  });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

/** One request with the row's credential; the Server-Timing header and status are what we read. */
function requestInit(row: Row, headers: Record<string, string>): RequestInit {
  return { method: row.method, headers };
}

/** One sequential request; what its Server-Timing says it cost. */
async function probeOnce(url: string, row: Row, headers: Record<string, string>): Promise<AuthCost> {
  const response = await fetch(`${url}${row.path}`, requestInit(row, headers));
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${row.label}: ${row.method} ${row.path} answered ${response.status}`);
  const cost = authCostOf(response.headers.get('server-timing'));
  if (!cost) throw new Error(`${row.label}: no readable Server-Timing auth metric (${response.headers.get('server-timing')})`);
  return cost;
}

function summarizeProbe(row: Row, headers: Record<string, string>, costs: readonly AuthCost[]): AuthProbe {
  const partNames = [...new Set(costs.flatMap((c) => Object.keys(c.parts)))] as (keyof AuthCost['parts'])[];
  const parts = Object.fromEntries(
    partNames.map((name) => [name, summarize(costs.flatMap((c) => (c.parts[name] === undefined ? [] : [c.parts[name]])))]),
  );
  const trips = costs.map((c) => c.roundTrips);
  const credential = row.credential === 'cookie' ? `Cookie: ${headers.cookie}` : `Authorization: ${headers.authorization}`;
  return {
    samples: costs.length,
    auth: summarize(costs.map((c) => c.totalMs)),
    parts,
    roundTrips: { mean: trips.reduce((a, b) => a + b, 0) / trips.length, max: Math.max(...trips) },
    credentialBytes: new TextEncoder().encode(credential).length,
  };
}

interface Segment {
  latencies: number[];
  ok: number;
  other: number;
  errors: number;
  seconds: number;
}

/** Loads one route for `seconds` with autocannon, recording each 2xx response's latency (ms). */
function load(url: string, row: Row, headers: Record<string, string>, seconds: number): Promise<Segment> {
  return new Promise((resolveLoad, rejectLoad) => {
    const segment: Segment = { latencies: [], ok: 0, other: 0, errors: 0, seconds };
    const instance = autocannon(
      { url: `${url}${row.path}`, method: row.method, headers, connections: opts.connections, duration: seconds, timeout: 10 },
      (error, result) => {
        if (error) rejectLoad(error);
        else {
          segment.errors = result.errors + result.timeouts;
          segment.seconds = result.duration || seconds;
          resolveLoad(segment);
        }
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        segment.ok += 1;
        segment.latencies.push(responseTime);
      } else segment.other += 1;
    });
  });
}

function machine() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    model: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** `--scale`: the store alone at growing N, no app instances (see scripts/bench/scale.ts). */
async function scaleMain() {
  const raw = process.argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length) ?? '10000,100000,1000000';
  const sizes = raw.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes must be a comma-separated list of session counts');
  const m = machine();
  say(`authlab bench --scale: ${m.cpus} cores (${m.model}), Node ${m.node.slice(1)}, ${m.date.slice(0, 10)}; sizes ${sizes.join(', ')}`);
  const load = loadavg()[0];
  if (load !== undefined && load > m.cpus * 0.5)
    say(`note: the 1-minute load average is ${load.toFixed(2)} on ${m.cpus} cores: numbers will be noisy`);
  dataDir = mkdtempSync(join(tmpdir(), 'authlab-bench-'));
  const log = openLog(join(dataDir, 'servers.log'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'REDIS_URL', 'DATA_DIR', 'STORE_PORT']) delete env[name];
  const table = (rows: readonly ScaleRow[]) =>
    markdownTable(
      SCALE_HEADER.map((title, i) => ({ title, align: i === 1 ? 'left' : 'right' })),
      scaleTable(rows),
    );
  mkdirSync(join(root, '.bench'), { recursive: true });
  const save = (rows: readonly ScaleRow[]) =>
    writeFileSync(join(root, '.bench', 'scale.json'), JSON.stringify({ machine: m, loadBefore: load, rows }, null, 2));
  const onRow = (rows: readonly ScaleRow[]) => {
    save(rows);
    say(table(rows.slice(-1)));
  };
  const rows = await runScale({ root, sizes, env, token: (await loadOrCreateSecrets(dataDir)).storeToken, log, say, onRow });
  say();
  say(table(rows));
  say('\nwritten to .bench/scale.json');
}

async function claimsMain() {
  const m = machine();
  say(`authlab bench --claims: ${m.cpus} cores (${m.model}), Node ${m.node.slice(1)}, ${m.date.slice(0, 10)}`);
  dataDir = mkdtempSync(join(tmpdir(), 'authlab-bench-'));
  const log = openLog(join(dataDir, 'servers.log'));
  const secrets = await loadOrCreateSecrets(dataDir);
  // The app as shipped (its default lifetimes and settings), on the built-in store in memory.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'REDIS_URL', 'JWT_SECRET', 'JWT_KEYS', 'SESSION_PASSWORD'])
    delete env[name];
  const store = await startStore(root, { ...env, STORE_TOKEN: secrets.storeToken, STORE_PORT: '0' }, log);
  started.push(store);
  env.UPSTASH_REDIS_REST_URL = store.url;
  env.UPSTASH_REDIS_REST_TOKEN = secrets.storeToken;
  const app = await startApp({ name: 'es256', port: await freePort(), env, build: true, log, echo: true });
  started.push(app);
  const results = await runClaims(app.url, say);
  say('');
  say(claimsTable(results));
  mkdirSync(join(root, '.bench'), { recursive: true });
  writeFileSync(join(root, '.bench', 'claims.json'), JSON.stringify({ machine: m, results }, null, 2));
  say('\nwritten to .bench/claims.json');
}

async function main() {
  if (process.argv.includes('--scale')) return scaleMain();
  if (process.argv.includes('--claims')) return claimsMain();
  const m = machine();
  // The peer is built before anything starts (a first build takes minutes and should not overlap the load).
  const peer: PeerBuild = process.argv.includes('--no-peer') ? { ok: false, reason: '--no-peer' } : preparePeer(peerSourceDir(root), say);
  if (!peer.ok) say(`Auth.js peer: not in this run (${peer.reason}); the × Auth.js column and its targets stay empty.`);
  const only = process.argv
    .find((a) => a.startsWith('--rows='))
    ?.slice('--rows='.length)
    .split(',');
  const unknown = only?.filter((id) => !ROWS.some((row) => row.id === id));
  if (unknown?.length) throw new Error(`--rows: no row ${unknown.join(', ')} (rows: ${ROWS.map((r) => r.id).join(', ')})`);
  const rowsRun = ROWS.filter((row) => (row.server !== 'peer' || peer.ok) && (!only || only.includes(row.id)));
  const serversRun = SERVERS.filter((server) => server.id === 'es256' || rowsRun.some((row) => row.server === server.id));
  const loadBefore = loadavg();
  say(`authlab bench: ${m.cpus} cores (${m.model}), Node ${m.node.slice(1)}, ${m.date.slice(0, 10)}`);
  say(
    `rows: ${rowsRun.length}; ${opts.rounds} round(s) of ${(opts.duration / opts.rounds).toFixed(1)} s each after a ${opts.warmup} s warm-up; ${opts.connections} connections; ${opts.probe} sequential probe requests per protected row`,
  );
  if (loadBefore[0] !== undefined && loadBefore[0] > m.cpus * 0.5) {
    say(`note: the 1-minute load average is ${loadBefore[0].toFixed(2)} on ${m.cpus} cores: other work is running, numbers will be noisy`);
  }

  dataDir = mkdtempSync(join(tmpdir(), 'authlab-bench-'));
  const log = openLog(join(dataDir, 'servers.log'));
  const secrets = await loadOrCreateSecrets(dataDir);
  // The built-in store, in memory, for every instance; nothing from the caller's store settings.
  // Access tokens that outlive any run (the default 5 minutes would expire under a long one; the cost
  // of checking a token does not depend on its lifetime).
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1', ACCESS_TOKEN_TTL: '86400' };
  for (const name of ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'REDIS_URL', 'JWT_SECRET', 'JWT_KEYS', 'SESSION_PASSWORD'])
    delete env[name];
  const store = await startStore(root, { ...env, STORE_TOKEN: secrets.storeToken, STORE_PORT: '0' }, log);
  started.push(store);
  env.UPSTASH_REDIS_REST_URL = store.url;
  env.UPSTASH_REDIS_REST_TOKEN = secrets.storeToken;

  const urls = {} as Record<ServerId, string>;
  for (const [i, server] of serversRun.entries()) {
    const port = await freePort();
    say(
      `starting ${server.id} (JWT_ALG=${server.env.JWT_ALG}, JWT_DENYLIST=${server.env.JWT_DENYLIST}, JWT_VERIFY_CACHE=${server.env.JWT_VERIFY_CACHE}) on ${port}${i === 0 ? ', building first if sources changed' : ''}…`,
    );
    const app = await startApp({ name: server.id, port, env: { ...env, ...server.env }, build: i === 0, log, echo: i === 0 });
    started.push(app);
    urls[server.id] = app.url;
  }

  const peerDir = peer.ok && rowsRun.some((row) => row.server === 'peer') ? peer.dir : undefined;
  if (peerDir) {
    const port = await freePort();
    say(`starting the Auth.js peer on ${port} (${peer.ok && peer.cached ? 'cached build' : 'fresh build'} in ${peerDir})…`);
    const child = spawnPeer(peerDir, port);
    const url = `http://127.0.0.1:${port}`;
    if (!child.pid) throw new Error('the Auth.js peer did not start');
    const app = { name: 'peer', pid: child.pid, child, url };
    started.push(app);
    logTo(child, 'peer', log, false);
    if (!(await waitHealthy(url, Date.now() + 60_000, child))) throw new Error(`the Auth.js peer did not answer at ${url}`);
    urls.peer = url;
  }

  const distDir = join(root, '.next');
  let firstLoad: FirstLoad | undefined;
  try {
    firstLoad = measureFirstLoad(distDir, '/');
  } catch (error) {
    say(`could not measure the sign-in page's JavaScript: ${error instanceof Error ? error.message : String(error)}`);
  }
  const middleware = readMiddlewareManifest(distDir);

  // Credentials: one cookie session (valid on every instance: they share the store and secrets),
  // and an access token from each instance, signed with its algorithm.
  const cookie = sessionCookieOf(await signIn(urls.es256, '/api/session/login'));
  const tokens = {} as Record<ServerId, string>;
  for (const server of serversRun)
    tokens[server.id] = ((await (await signIn(urls[server.id], '/api/token')).json()) as { access_token: string }).access_token;
  const peerCookie = peerDir ? await peerSignIn(urls.peer) : '';
  if (peerDir) {
    // The peer must refuse a request without its cookie, or its rows would price nothing.
    const refused = await fetch(`${urls.peer}/api/me-mw`);
    await refused.arrayBuffer();
    if (refused.status !== 401) throw new Error(`the Auth.js peer answered ${refused.status} to /api/me-mw without a session`);
  }
  const headersFor = (row: Row): Record<string, string> =>
    row.credential === 'cookie'
      ? { cookie }
      : row.credential === 'peer'
        ? { cookie: peerCookie }
        : row.credential === 'bearer'
          ? { authorization: `Bearer ${tokens[row.server as Exclude<ServerId, 'peer'>]}` }
          : {};

  say('probing the protected rows one request at a time, interleaved, for their Server-Timing…');
  for (const row of rowsRun) {
    const first = await fetch(`${urls[row.server]}${row.path}`, requestInit(row, headersFor(row)));
    await first.arrayBuffer();
    if (first.status !== 200) throw new Error(`${row.label}: ${row.method} ${row.path} answered ${first.status}`);
  }
  // The peer sends no Server-Timing: its rows are load-tested only.
  const protectedRows = rowsRun.filter((row) => row.credential !== 'none' && row.credential !== 'peer');
  const costs = new Map<RowId, AuthCost[]>(protectedRows.map((row) => [row.id, []]));
  // A short warm-up first (the first requests of a process compile code and import keys), then one
  // request per row in turn, so a noisy moment lands on every row alike.
  const warmup = Math.min(50, opts.probe);
  for (let i = 0; i < warmup + opts.probe; i++) {
    for (const row of protectedRows) {
      const cost = await probeOnce(urls[row.server], row, headersFor(row));
      if (i >= warmup) costs.get(row.id)?.push(cost);
    }
  }
  const probes = new Map<RowId, AuthProbe>(
    protectedRows.map((row) => [row.id, summarizeProbe(row, headersFor(row), costs.get(row.id) ?? [])]),
  );

  const segments = new Map<RowId, Segment[]>();
  const perSegment = opts.duration / opts.rounds;
  for (let round = 0; round < opts.rounds; round++) {
    for (const row of rowsRun) {
      const url = urls[row.server];
      const headers = headersFor(row);
      if (process.stdout.isTTY) process.stdout.write(`round ${round + 1}/${opts.rounds}: ${row.label.padEnd(26)}\r`);
      await load(url, row, headers, round === 0 ? opts.warmup : Math.min(0.5, opts.warmup));
      const segment = await load(url, row, headers, perSegment);
      segments.set(row.id, [...(segments.get(row.id) ?? []), segment]);
    }
  }
  if (process.stdout.isTTY) process.stdout.write(`${' '.repeat(50)}\r`);

  const results: (RowResult & {
    label: string;
    method: string;
    path: string;
    server: string;
    matcher: string | undefined;
    ok: number;
    other: number;
    errors: number;
    seconds: number;
    roundsRps: number[];
  })[] = rowsRun.map((row) => {
    const parts = segments.get(row.id) ?? [];
    const seconds = parts.reduce((sum, s) => sum + s.seconds, 0);
    const ok = parts.reduce((sum, s) => sum + s.ok, 0);
    const probeResult = probes.get(row.id);
    return {
      id: row.id,
      label: row.label,
      method: row.method,
      path: row.path,
      server: row.server,
      matcher: row.server === 'peer' ? undefined : matcherFor(middleware, row.path),
      rps: seconds > 0 ? ok / seconds : Number.NaN,
      latency: summarize(parts.flatMap((s) => s.latencies)),
      ok,
      other: parts.reduce((sum, s) => sum + s.other, 0),
      errors: parts.reduce((sum, s) => sum + s.errors, 0),
      seconds,
      roundsRps: parts.map((p) => (p.seconds > 0 ? Math.round((p.ok / p.seconds) * 10) / 10 : Number.NaN)),
      ...(probeResult ? { probe: probeResult } : {}),
    };
  });
  const loadAfter = loadavg();

  const base = results.find((r) => r.id === 'unprotected')?.rps ?? Number.NaN;
  const passThrough = results.find((r) => r.id === 'pass-through')?.rps ?? Number.NaN;
  const authjs = results.find((r) => r.id === 'peer-me-mw')?.rps ?? Number.NaN;
  const authCell = (p: AuthProbe | undefined) => {
    if (!p) return '';
    const named = (['unseal', 'store', 'verify', 'denylist'] as const)
      .filter((n) => p.parts[n])
      .map((n) => `${n} ${formatMs((p.parts[n] as Summary).median)}`);
    return `${formatMs(p.auth.median)} (${named.join(', ')})`;
  };
  const table = markdownTable(
    [
      { title: 'row' },
      { title: 'route' },
      { title: 'req/s', align: 'right' },
      { title: 'p50 ms', align: 'right' },
      { title: 'p95 ms', align: 'right' },
      { title: 'p99 ms', align: 'right' },
      { title: '× unprotected', align: 'right' },
      { title: '× pass-through', align: 'right' },
      { title: '× Auth.js', align: 'right' },
      { title: 'auth median ms (parts)' },
      { title: 'store trips/req', align: 'right' },
      { title: 'credential B', align: 'right' },
    ],
    results.map((r) => [
      r.label,
      `${r.method} ${r.path}`,
      formatRate(r.rps),
      formatMs(r.latency.median),
      formatMs(r.latency.p95),
      formatMs(r.latency.p99),
      formatRatio(r.rps, base),
      formatRatio(r.rps, passThrough),
      formatRatio(r.rps, authjs),
      authCell(r.probe),
      r.probe ? r.probe.roundTrips.mean.toFixed(2) : '0',
      r.probe ? String(r.probe.credentialBytes) : '0',
    ]),
  );
  const targets = evaluateTargets(results, firstLoad?.gzipBytes, FIRST_LOAD_BUDGET_BYTES);

  say();
  say(table);
  say();
  say(
    `Load: ${opts.connections} connections, ${opts.rounds} × ${perSegment.toFixed(1)} s per row (interleaved), latency of 2xx answers under that load.`,
  );
  say(`Auth cost: median of ${opts.probe} sequential requests per row, from each answer's Server-Timing (no queueing in it).`);
  for (const row of rowsRun.filter((x) => x.credential === 'none' && x.server !== 'peer')) {
    const matcher = matcherFor(middleware, row.path);
    say(
      `${row.label}: ${row.method} ${row.path} ${matcher ? `runs through the middleware (matcher ${matcher}), which passes it on unauthenticated` : 'does not run through the middleware'}.`,
    );
  }
  say(
    `Requests/s per round, to show the noise: ${results.map((r) => `${r.label} ${r.roundsRps.map((x) => x.toFixed(0)).join('/')}`).join('; ')}.`,
  );
  const failures = results.filter((r) => r.other > 0 || r.errors > 0);
  for (const r of failures) say(`warning: ${r.label} had ${r.other} non-2xx answers and ${r.errors} errors under load`);
  if (firstLoad)
    say(
      `Sign-in page (/) first-load JavaScript: ${formatKiB(firstLoad.gzipBytes)} gzip (${formatKiB(firstLoad.bytes)} raw, ${firstLoad.files.length} files).`,
    );
  say(`Load average (1 min) before / after: ${loadBefore[0]?.toFixed(2)} / ${loadAfter[0]?.toFixed(2)} on ${m.cpus} cores.`);
  if (Math.max(loadBefore[0] ?? 0, loadAfter[0] ?? 0) > m.cpus) {
    say('warning: other processes competed for the CPU during this run; its numbers say more about them than about authlab.');
  }
  say();
  say('Targets:');
  for (const t of targets) say(`  ${verdict(t.ok, `${t.text}: ${t.value}`)}`);

  const outDir = join(root, '.bench');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'results.json');
  writeFileSync(
    file,
    `${JSON.stringify({ machine: m, loadAverage: { before: loadBefore, after: loadAfter }, options: opts, store: 'built-in, in memory', firstLoadJs: firstLoad, rows: results, targets, table }, null, 2)}\n`,
  );
  say();
  say(`Results written to ${file}.`);
}

let exiting = false;
const bail = (signal: NodeJS.Signals) => {
  if (exiting) return;
  exiting = true;
  say(`\n${signal}: stopping what the bench started…`);
  void stopEverything().finally(() => process.exit(130));
};
process.on('SIGINT', () => bail('SIGINT'));
process.on('SIGTERM', () => bail('SIGTERM'));

main()
  .catch((error: unknown) => {
    process.stderr.write(`\nbench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (dataDir) {
      const lines = readFileSync(join(dataDir, 'servers.log'), 'utf8').trimEnd().split('\n').slice(-30);
      process.stderr.write(`the servers' last words:\n${lines.join('\n')}\n`);
    }
    process.exitCode = 1;
  })
  .finally(() => {
    if (!exiting) void stopEverything();
  });
