// The launcher behind `npm start` and `npm run dev`: secrets, the built-in store, a build when
// needed, then Next. Runtime: Node. Ctrl-C (or SIGTERM) stops the app and the store together.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCopyFile } from '../lib/auth/node-copy-file';
import { ConfigError, parseConfig } from '../lib/config';
import { startStoreProcess } from './lib/store-process';
import { loadOrCreateSecrets, secretEnv } from './secrets';

const root = resolve(__dirname, '..');
const dev = process.argv.includes('--dev');
// Serves the build that is there even when sources are newer: for tests that start their own
// servers beside running ones, where a rebuild would pull `.next` from under them.
const noBuild = process.argv.includes('--no-build');
const nextBin = join(root, 'node_modules', '.bin', 'next');

function log(line: string) {
  process.stdout.write(`[authlab] ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

/** The newest modification time under the sources a build depends on. */
function newestSource(): number {
  const roots = [
    'app',
    'lib',
    'public',
    'middleware.ts',
    'instrumentation.ts',
    'next.config.js',
    'postcss.config.mjs',
    'tsconfig.json',
    'package.json',
  ];
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const s = statSync(path);
    if (s.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (!/\.test\.tsx?$/.test(path)) {
      newest = Math.max(newest, s.mtimeMs);
    }
  };
  for (const r of roots) visit(join(root, r));
  return newest;
}

function needsBuild(): boolean {
  const buildId = join(root, '.next', 'BUILD_ID');
  return !existsSync(buildId) || statSync(buildId).mtimeMs < newestSource();
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolveExit) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const dataDir = resolve(root, process.env.DATA_DIR || '.data');
  const secrets = await loadOrCreateSecrets(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...secretEnv(process.env, secrets) };

  const children: { store?: ChildProcess; app?: ChildProcess } = {};
  if (!env.UPSTASH_REDIS_REST_URL) {
    const started = await startStoreProcess(
      root,
      { ...env, STORE_TOKEN: secrets.storeToken, STORE_PORT: env.STORE_PORT ?? '0' },
      'inherit',
    ).catch((error: Error) => fail(`authlab could not start its built-in store: ${error.message}`));
    children.store = started.child;
    env.UPSTASH_REDIS_REST_URL = started.url;
    env.UPSTASH_REDIS_REST_TOKEN = secrets.storeToken;
  }

  try {
    const config = parseConfig(env);
    // The last key ring and settings this node saw, for the edge runtime (which can't read files): a
    // JWT whose key it knows verifies even when the app starts, or first runs, while the store is down.
    const ring = readCopyFile(config, 'key-ring');
    const settings = readCopyFile(config, 'settings');
    if (ring !== undefined) env.JWT_RING_SNAPSHOT = ring;
    if (settings !== undefined) env.SETTINGS_SNAPSHOT = settings;
  } catch (error) {
    children.store?.kill('SIGTERM');
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    children.app?.kill(signal);
    children.store?.kill('SIGTERM');
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  if (!dev && !noBuild && needsBuild()) {
    log('building the app (first start, or sources changed)...');
    const code = await run(nextBin, ['build'], env);
    if (code !== 0 || stopping) {
      children.store?.kill('SIGTERM');
      fail('authlab: the build failed; see the output above.');
    }
  }

  const port = env.PORT || '3000';
  const args = dev ? ['dev', '-p', port] : ['start', '-p', port];
  if (env.HOST) args.push('-H', env.HOST);
  log(`starting ${dev ? 'the dev server' : 'the app'} at http://localhost:${port}`);
  // The peer-address preload gives sign-in throttling a client address that a client cannot forge.
  const preload = `--require ${JSON.stringify(join(root, 'scripts', 'peer-address.cjs'))}`;
  const appEnv = {
    ...env,
    NODE_OPTIONS: [env.NODE_OPTIONS, preload].filter(Boolean).join(' '),
    // The dev server's hot reload is the one protocol upgrade the preload lets through (scripts/peer-address.cjs).
    ...(dev ? { AUTHLAB_DEV_UPGRADES: '1' } : {}),
  };
  children.app = spawn(nextBin, args, { cwd: root, env: appEnv, stdio: 'inherit' });
  children.app.on('exit', (code) => {
    children.store?.kill('SIGTERM');
    process.exitCode = stopping ? 0 : (code ?? 1);
  });
}

main().catch((error: unknown) => fail(`authlab could not start: ${error instanceof Error ? error.message : String(error)}`));
