// Starts the built-in store (store-server/main.ts) as a child process and waits until it listens.
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
