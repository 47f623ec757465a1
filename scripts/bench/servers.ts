// What a benchmark runs against: the built-in store and app instances started through the same
// launcher as `npm start`, each remembered by PID and stopped by it. Runtime: Node (tsx).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startStoreProcess, waitHealthy } from '../lib/store-process';

export { freePort } from '../lib/ports';

export interface Started {
  name: string;
  pid: number;
  child: ChildProcess;
}

/** Copies a child's output into a log file, line by line, each line tagged with the child's name. */
function logTo(child: ChildProcess, name: string, log: WriteStream, echo: boolean): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      log.write(`[${name}] ${line}\n`);
      if (echo) process.stdout.write(`  [${name}] ${line}\n`);
    });
  }
}

/** The built-in store in its own process (as `npm start` runs it); resolves with its URL once it listens. */
export async function startStore(root: string, env: NodeJS.ProcessEnv, log: WriteStream): Promise<Started & { url: string }> {
  const { child, url } = await startStoreProcess(root, env, (c) => logTo(c, 'store', log, false));
  if (!child.pid) throw new Error('the store has no pid');
  return { name: 'store', pid: child.pid, child, url };
}

/**
 * One app instance through `scripts/start.ts` (which runs `next start` and stops it on SIGTERM).
 * `build: true` lets it build first when sources changed; the others pass `--no-build`.
 */
export async function startApp(
  root: string,
  options: { name: string; port: number; env: NodeJS.ProcessEnv; build: boolean; log: WriteStream; echo: boolean },
): Promise<Started & { url: string }> {
  const args = ['--import', 'tsx', join(root, 'scripts', 'start.ts'), ...(options.build ? [] : ['--no-build'])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  logTo(child, options.name, options.log, options.echo);
  const url = `http://127.0.0.1:${options.port}`;
  if (!child.pid) throw new Error(`${options.name} did not start`);
  const started = { name: options.name, pid: child.pid, child, url };
  // A first build can take a few minutes on two cores.
  if (!(await waitHealthy(url, Date.now() + 300_000, child))) {
    await stop(started);
    throw new Error(`${options.name} did not become healthy at ${url} (see the log)`);
  }
  return started;
}

/** SIGTERM to one PID we started, then SIGKILL if it has not exited within `graceMs`. */
export function stop(started: Started, graceMs = 8_000): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(started.pid, 'SIGKILL');
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    process.kill(started.pid, 'SIGTERM');
  });
}

export function openLog(file: string): WriteStream {
  return createWriteStream(file, { flags: 'a' });
}
