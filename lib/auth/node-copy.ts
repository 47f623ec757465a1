// Where a node keeps its last view of what lives only in the store (the key ring, the live settings), for processes that start or first run while the store is down.
// Runtime: edge and Node. The launcher's copies come through the environment; Node adds the files under DATA_DIR (node-copy-file.ts).
import type { Config } from '../config';

/** While the store answers, a copy is rewritten on every change and at least this often, so its age tells when the store last confirmed it. */
export const COPY_EVERY_MS = 60_000;

/** What is kept: the key ring of `JWT_ALG`, and the denylist setting. */
export type CopyName = 'key-ring' | 'settings';

/**
 * `load` gives every sealed copy of `name` this process can read (the launcher's, a file); whoever
 * uses them checks their MAC and picks the newest. `save` exists only where a process can write.
 */
export interface NodeCopyStore {
  load(config: Config, name: CopyName): Promise<readonly string[]> | readonly string[];
  save?(config: Config, name: CopyName, sealed: string): Promise<void>;
}

const INSTALLED = Symbol.for('authlab.nodeCopyStore');

/** Installs this runtime's store of copies (globalThis: Next bundles instrumentation apart from the routes). */
export function installNodeCopyStore(store: NodeCopyStore | undefined): void {
  (globalThis as Record<symbol, unknown>)[INSTALLED] = store;
}

const fromEnv = (config: Config, name: CopyName) => (name === 'key-ring' ? config.jwtRingSnapshot : config.settingsSnapshot);

/** The launcher's copies from the environment, plus whatever this runtime installed (files, on Node; nothing to save to on the edge). */
export function nodeCopyStore(): NodeCopyStore {
  const runtime = (globalThis as Record<symbol, unknown>)[INSTALLED] as NodeCopyStore | undefined;
  return {
    load: async (config, name) => {
      const given = fromEnv(config, name);
      return [...(given ? [given] : []), ...((await runtime?.load(config, name)) ?? [])];
    },
    ...(runtime?.save ? { save: runtime.save } : {}),
  };
}
