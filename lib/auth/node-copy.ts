// Where a node keeps its last view of what lives only in the store (the key ring, the live settings), for processes that start or first run while the store is down.
// Runtime: edge and Node. The launcher's copies come through the environment; Node adds the files under DATA_DIR (node-copy-file.ts).
import type { Config } from '../config';
import { openSnapshot, sealSnapshot } from './key-snapshot';

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

/**
 * One kind of copy, as a process uses it: finds the newest valid one it can read, and keeps it
 * current. The MAC (key-snapshot.ts) is checked once per text; an edited copy, or one sealed with
 * another SESSION_PASSWORD, is logged and left out.
 */
export class NodeCopy<T> {
  private saved: { mark: unknown; at: number } | undefined;
  private readonly opened = new Map<string, T | undefined>();

  constructor(
    private readonly name: CopyName,
    /** Turns the opened JSON into a copy, or throws if it is not one this process can use. */
    private readonly parse: (json: unknown, config: Config) => T,
    private readonly newer: (a: T, b: T) => boolean,
  ) {}

  async newest(config: Config, store: NodeCopyStore): Promise<T | undefined> {
    let texts: readonly string[];
    try {
      texts = await store.load(config, this.name);
    } catch (error) {
      console.error(`[authlab] the saved copy of the ${this.name} could not be read`, error);
      return undefined;
    }
    let newest: T | undefined;
    for (const text of texts) {
      if (!this.opened.has(text)) {
        if (this.opened.size >= 8) this.opened.clear();
        const copy = await openSnapshot(text, config.sessionPassword)
          .then((json) => this.parse(json, config))
          .catch((error: unknown) => void console.error(`[authlab] a saved copy of the ${this.name} is not valid; it is left out`, error));
        this.opened.set(text, copy ?? undefined);
      }
      const copy = this.opened.get(text);
      if (copy !== undefined && (newest === undefined || this.newer(copy, newest))) newest = copy;
    }
    return newest;
  }

  /** Saves `payload` when `mark` (a version, a value) changed, else at most every `COPY_EVERY_MS`; off the request path. */
  keep(config: Config, store: NodeCopyStore, mark: unknown, now: number, payload: unknown): void {
    const { save } = store;
    const last = this.saved;
    if (!save || (last && last.mark === mark && now - last.at < COPY_EVERY_MS)) return;
    this.saved = { mark, at: now };
    void sealSnapshot(payload, config.sessionPassword)
      .then((sealed) => save(config, this.name, sealed))
      .catch((error: unknown) => console.error(`[authlab] the copy of the ${this.name} could not be saved`, error));
  }

  /** For tests: forget what was opened and saved. */
  reset(): void {
    this.saved = undefined;
    this.opened.clear();
  }
}
