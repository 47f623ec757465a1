// The node's copies as files under DATA_DIR: written by the app's Node runtime, read back by it and by the launcher.
// Runtime: Node (fs). The edge can't read files: the launcher hands it the copies as environment variables.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { CopyName, NodeCopyStore } from './node-copy';

/** One file per copy; the key ring's per algorithm, like the rings in the store. */
export const copyFilePath = (config: Pick<Config, 'dataDir' | 'jwtAlg'>, name: CopyName) =>
  join(config.dataDir, name === 'key-ring' ? `key-ring-${config.jwtAlg}.sealed` : `${name}.sealed`);

/** The sealed copy, or undefined when there is none yet. Its MAC is checked by whoever uses it. */
export function readCopyFile(config: Pick<Config, 'dataDir' | 'jwtAlg'>, name: CopyName): string | undefined {
  try {
    return readFileSync(copyFilePath(config, name), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Write-and-rename, 0600: a reader sees the old copy or the new one, never half of one. */
export function writeCopyFile(config: Pick<Config, 'dataDir' | 'jwtAlg'>, name: CopyName, sealed: string): void {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const path = copyFilePath(config, name);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, sealed, { mode: 0o600 });
  renameSync(tmp, path);
  chmodSync(path, 0o600);
}

/** What instrumentation.ts installs in the Node runtime: the files, re-read whenever the store can't be. */
export const fileCopies: NodeCopyStore = {
  load: (config, name) => {
    const text = readCopyFile(config, name);
    return text === undefined ? [] : [text];
  },
  save: async (config, name, sealed) => writeCopyFile(config, name, sealed),
};
