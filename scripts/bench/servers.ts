// What a benchmark runs against: the built-in store and app instances started through the same
// launcher as `npm start`, each remembered by PID and stopped by it. Runtime: Node (tsx).
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BUILD_AND_START_MS, spawnLauncher, stopProcess, waitHealthy } from '../../tooling/app-process';
import { startStoreProcess } from '../lib/store-process';

export interface Started {
  name: string;
  pid: number;
  child: ChildProcess;
}

/** Copies a child's output into a log file, line by line, each line tagged with the child's name. */
export function logTo(child: ChildProcess, name: string, log: WriteStream, echo: boolean): void {
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
export async function startApp(options: {
  name: string;
  port: number;
  env: NodeJS.ProcessEnv;
  build: boolean;
  log: WriteStream;
  echo: boolean;
}): Promise<Started & { url: string }> {
  const child = spawnLauncher({
    script: 'start',
    build: options.build,
    env: { ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
  });
  logTo(child, options.name, options.log, options.echo);
  const url = `http://127.0.0.1:${options.port}`;
  if (!child.pid) throw new Error(`${options.name} did not start`);
  const started = { name: options.name, pid: child.pid, child, url };
  if (!(await waitHealthy(url, Date.now() + BUILD_AND_START_MS, child))) {
    await stop(started);
    throw new Error(`${options.name} did not become healthy at ${url} (see the log)`);
  }
  return started;
}

/** SIGTERM to one PID we started, then SIGKILL if it has not exited within `graceMs`. */
export function stop(started: Started, graceMs = 8_000): Promise<void> {
  return stopProcess(started.child, { graceMs });
}

export function openLog(file: string): WriteStream {
  return createWriteStream(file, { flags: 'a' });
}
