// `npm run cluster`: several app instances over one store, as a load balancer would see them: one
// built-in store (or the Upstash / REDIS_URL you configure) and `npm start` on PORT, PORT+1, ...
// Runtime: Node (tsx). Ctrl-C (or SIGTERM) stops every instance, then the store.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { BUILD_AND_START_MS, spawnLauncher, waitHealthy } from '../tooling/app-process';
import { startStoreProcess } from './lib/store-process';
import { loadOrCreateSecrets } from './secrets';

const root = resolve(__dirname, '..');

function log(line: string) {
  process.stdout.write(`[cluster] ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** Each line of a child's output, prefixed with its name, so two Next servers stay readable. */
function prefixed(child: ChildProcess, name: string) {
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    if (stream) createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`));
  }
}

async function main() {
  const count = Number(option('instances') ?? 2);
  if (!Number.isInteger(count) || count < 1 || count > 8) fail('--instances must be a whole number from 1 to 8');
  const basePort = Number(process.env.PORT || 3000);
  if (!Number.isInteger(basePort) || basePort < 1 || basePort + count - 1 > 65_535) fail('PORT must leave room for every instance');
  // Checked on the address the instances listen on (all interfaces when HOST is unset).
  const host = process.env.HOST || '127.0.0.1';
  const dataDir = resolve(root, process.env.DATA_DIR || '.data');
  // Made once, here, before any instance could race to make its own: every instance shares these.
  const secrets = await loadOrCreateSecrets(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };

  const children: { store?: ChildProcess; apps: ChildProcess[] } = { apps: [] };
  let stopping = false;
  const stop = (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})`);
    process.exitCode = code;
    const live = children.apps.filter((c) => c.exitCode === null && c.signalCode === null);
    // The store goes last: an instance still answering must not see it vanish first.
    Promise.all(live.map((c) => new Promise((r) => c.once('exit', r)))).then(() => children.store?.kill('SIGTERM'));
    for (const c of live) c.kill('SIGTERM');
    if (live.length === 0) children.store?.kill('SIGTERM');
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  if (!env.UPSTASH_REDIS_REST_URL) {
    const store = await startStoreProcess(root, { ...env, STORE_TOKEN: secrets.storeToken, STORE_PORT: env.STORE_PORT ?? '0' }, (child) =>
      prefixed(child, 'store'),
    ).catch((error: Error) => fail(`the cluster could not start its store: ${error.message}`));
    children.store = store.child;
    env.UPSTASH_REDIS_REST_URL = store.url;
    env.UPSTASH_REDIS_REST_TOKEN = secrets.storeToken;
    store.child.on('exit', () => stop('the store exited', stopping ? 0 : 1));
  }

  // The first instance builds when sources changed; the others start once it serves, from that build.
  const urls: string[] = [];
  for (let i = 0; i < count && !stopping; i++) {
    const name = String.fromCharCode(97 + i);
    const port = basePort + i;
    const build = i === 0 && !process.argv.includes('--no-build');
    const child = spawnLauncher({ script: 'start', build, env: { ...env, PORT: String(port) } });
    prefixed(child, name);
    children.apps.push(child);
    child.on('exit', (code) => stop(`instance ${name} exited`, stopping ? 0 : code || 1));
    const url = `http://${host}:${port}`;
    if (!(await waitHealthy(url, Date.now() + BUILD_AND_START_MS, child))) stop(`instance ${name} did not become healthy`, 1);
    urls.push(url);
  }
  if (!stopping) log(`ready: ${urls.join(', ')} over one store (${env.UPSTASH_REDIS_REST_URL}); Ctrl-C stops all`);
}

main().catch((error: unknown) => fail(`the cluster could not start: ${error instanceof Error ? error.message : String(error)}`));
