// The app as a child process: started through its own launcher (`npm start`'s scripts/start.ts, or
// `npm run cluster`'s scripts/cluster.ts), awaited until healthy, stopped by its PID. Runtime: Node (tooling).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');

/** How long a launcher that may build first gets to answer /api/health: a first build takes minutes on two cores. */
export const BUILD_AND_START_MS = 300_000;

export interface LauncherOptions {
  /** `start`: one instance on PORT; `cluster`: `instances` of them on PORT, PORT+1, ... over one store. */
  script: 'start' | 'cluster';
  /** Build first when sources changed, as `npm start` does; false serves the build that is there. */
  build: boolean;
  /** For `cluster`: how many instances (the cluster's own default when unset). */
  instances?: number;
}

/** Node's arguments for the launcher: tsx, the script, and its flags. */
export function launcherArgs(options: LauncherOptions): string[] {
  return [
    '--import',
    'tsx',
    join(root, 'scripts', `${options.script}.ts`),
    ...(options.build ? [] : ['--no-build']),
    ...(options.instances === undefined ? [] : [`--instances=${options.instances}`]),
  ];
}

/**
 * Starts the launcher from the repository root with exactly `env` (PORT, HOST, DATA_DIR ... are the
 * caller's). `stdio` defaults to piped output; `detached` gives it its own process group, so
 * `process.kill(-pid)` reaches the store and Next too.
 */
export function spawnLauncher(
  options: LauncherOptions & { env: NodeJS.ProcessEnv; stdio?: StdioOptions; detached?: boolean },
): ChildProcess {
  return spawn(process.execPath, launcherArgs(options), {
    cwd: root,
    env: options.env,
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
}

/**
 * Polls `url`/api/health every `intervalMs` until it answers 2xx (true), the deadline passes or, when
 * given, the child exits (false): a launcher that died is not waited for until the deadline.
 */
export async function waitHealthy(url: string, deadline: number, child?: ChildProcess, intervalMs = 100): Promise<boolean> {
  const alive = () => !child || (child.exitCode === null && child.signalCode === null);
  while (Date.now() < deadline && alive()) {
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}

/**
 * Sends `signal` (SIGTERM: the launchers stop what they started on it) to a child we started and
 * resolves once it has exited. With `graceMs`, a child still running that long later gets SIGKILL;
 * without it, a child that ignores the signal is waited for, as a test of clean shutdown needs.
 */
export function stopProcess(child: ChildProcess, options: { signal?: NodeJS.Signals; graceMs?: number } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = options.graceMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill(options.signal ?? 'SIGTERM');
  });
}
