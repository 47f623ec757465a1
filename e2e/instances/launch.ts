// Starts `npm start` (scripts/start.ts) or `npm run cluster` (scripts/cluster.ts) for a spec, on free
// loopback ports with the spec's own DATA_DIR, from the build Playwright's web server made. Runtime: Node.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnLauncher, stopProcess, waitHealthy } from '../../tooling/app-process';

export interface Launched {
  child: ChildProcess;
  /** The launcher's pid, which is also its process group: `kill(-pid)` reaches the store and Next too. */
  pid: number;
  urls: string[];
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the launcher (or the cluster of `instances`) and waits until every instance answers /api/health. */
export async function launch(options: {
  script: 'start' | 'cluster';
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  instances?: number;
}): Promise<Launched> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Whatever the test runner was given for its own servers is not for this one.
  for (const name of ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'REDIS_URL', 'STORE_PORT']) delete env[name];
  Object.assign(env, {
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    NEXT_TELEMETRY_DISABLED: '1',
    ...options.env,
  });
  // Its own process group, so a test can take the whole tree down at once, as a power cut would.
  const child = spawnLauncher({
    script: options.script,
    build: false,
    ...(options.instances === undefined ? {} : { instances: options.instances }),
    env,
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const urls = Array.from({ length: options.instances ?? 1 }, (_, i) => `http://127.0.0.1:${options.port + i}`);
  for (const url of urls) {
    if (await waitHealthy(url, Date.now() + 90_000, child)) continue;
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL');
    throw new Error(`${url} did not become healthy:\n${output}`);
  }
  return { child, pid: child.pid as number, urls, output: () => output, exited };
}

/** Stops a launcher the way Ctrl-C would (SIGTERM to it alone) and waits for it to exit. */
export function stop(launched: Launched, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return stopProcess(launched.child, { signal });
}

/** Every process in the launcher's group with its command line (Linux /proc). */
function group(pgid: number): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised name: state, ppid, pgrp, ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // A zombie has exited; only its parent's bookkeeping is left.
      if (Number(fields[2]) !== pgid || fields[0] === 'Z') continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

/** The pid of the launcher's Next server (`next-server` is the title Next gives its process). */
export function nextPid(launched: Launched): number {
  const found = group(launched.pid).find((p) => p.command.includes('next-server') || / next start /.test(p.command));
  if (!found) throw new Error(`no Next server in process group ${launched.pid}`);
  return found.pid;
}

/** The pid of the launcher's built-in store process. */
export function storePid(launched: Launched): number {
  const found = group(launched.pid).find((p) => p.command.includes(join('store-server', 'main.ts')));
  if (!found) throw new Error(`no store process in process group ${launched.pid}`);
  return found.pid;
}

/** Waits until no process of the launcher's group is left. */
export async function groupGone(launched: Launched, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (group(launched.pid).length > 0) {
    if (Date.now() > deadline) throw new Error(`process group ${launched.pid} still running`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
