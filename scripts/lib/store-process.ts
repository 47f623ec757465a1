// Starts the built-in store (store-server/main.ts) as a child process and waits until it listens; waits
// for an app instance to answer its health check.
// Runtime: Node. Shared by `npm start`, `npm run cluster` and `npm run bench`.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * Resolves with the child and its URL once the store says it is ready (over IPC); rejects if it
 * exits first. `output: 'inherit'` shares this process's stdout/stderr; a function gets the child
 * (with piped stdout/stderr) to copy its output where it likes.
 */
export function startStoreProcess(
  root: string,
  env: NodeJS.ProcessEnv,
  output: 'inherit' | ((child: ChildProcess) => void),
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolveStore, rejectStore) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'store-server', 'main.ts')], {
      cwd: root,
      env,
      stdio: output === 'inherit' ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    if (output !== 'inherit') output(child);
    child.once('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) resolveStore({ child, url: message.url });
    });
    child.once('exit', (code) => rejectStore(new Error(`the built-in store exited before it was ready (code ${code})`)));
  });
}

/**
 * Polls `url`/api/health until it answers 2xx (true), the deadline passes or, when given, the child
 * exits (false).
 */
export async function waitHealthy(url: string, deadline: number, child?: ChildProcess): Promise<boolean> {
  const alive = () => !child || (child.exitCode === null && child.signalCode === null);
  while (Date.now() < deadline && alive()) {
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
