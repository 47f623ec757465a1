// The node's copy of the last key ring seen, a file under DATA_DIR: written by the app's Node runtime, read back by it and by the launcher.
// Runtime: Node (fs). The edge can't read files: the launcher hands it the copy as JWT_RING_SNAPSHOT.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, JwtAlgorithm } from '../config';
import type { RingPersistence } from './keys';

/** One file per algorithm, like the rings in the store. */
export const ringFilePath = (dataDir: string, alg: JwtAlgorithm) => join(dataDir, `key-ring-${alg}.sealed`);

/** The sealed copy, or undefined when there is none yet. Its MAC is checked by whoever uses it (keys.ts). */
export function readRingFile(dataDir: string, alg: JwtAlgorithm): string | undefined {
  try {
    return readFileSync(ringFilePath(dataDir, alg), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Write-and-rename, 0600: a reader sees the old copy or the new one, never half of one. */
export function writeRingFile(dataDir: string, alg: JwtAlgorithm, sealed: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = ringFilePath(dataDir, alg);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, sealed, { mode: 0o600 });
  renameSync(tmp, path);
  chmodSync(path, 0o600);
}

/** What instrumentation.ts installs in the Node runtime: the file, re-read whenever the store can't be. */
export const ringFilePersistence: RingPersistence = {
  load: (config: Config) => {
    const text = readRingFile(config.dataDir, config.jwtAlg);
    return text === undefined ? [] : [text];
  },
  save: async (config: Config, sealed: string) => writeRingFile(config.dataDir, config.jwtAlg, sealed),
};
