// Finds a program the way a shell would, plus the system folders a non-login PATH may lack.
// Runtime: Node (tooling: `npm test`'s checks and the throwaway redis-server).
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// A non-root user's PATH may lack /usr/sbin, and a trimmed PATH (an IDE's, a CI step's) the others.
const SYSTEM_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin'];

/** The first executable file called `name` in PATH, then in the system folders; undefined if none. */
export function findOnPath(name: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter), ...SYSTEM_DIRS].filter((dir) => dir !== '');
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here, or not executable: try the next folder.
    }
  }
  return undefined;
}
