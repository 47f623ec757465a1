// Persistence of the memory engine: one JSON file under the data dir, loaded at start, saved after writes.
// Runtime: Node (store process). Saves replace the file atomically; a bad file is kept aside, never overwritten.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ZodError } from 'zod';
import { systemClock, type Clock } from '../lib/clock';
import { parseSnapshot, type Snapshot } from './snapshot';

export const STORE_FILE = 'store.json';

/** What persistence needs of the engine. */
export interface SnapshotSource {
  snapshot(): Snapshot;
  restore(snapshot: Snapshot): { restored: number; expired: number };
}

export interface FilePersistenceOptions {
  dataDir: string;
  source: SnapshotSource;
  /** Names the aside copy of a corrupt file. Default: the system clock. */
  clock?: Clock;
  log?: (line: string) => void;
  /** The quiet time gathered before a save. Default 50 ms. */
  debounceMs?: number;
}

export type LoadResult =
  { status: 'missing' } | { status: 'loaded'; restored: number; expired: number } | { status: 'corrupt'; reason: string; movedTo: string };

/** Writes `data` to a temp file, fsyncs it, then renames it over `file`: a crash leaves old or new, never half. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // The rename lives in the directory: sync it too. Some platforms refuse; the data is already safe.
  try {
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Best effort only, as explained above.
  }
}

function describe(error: unknown): string {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return `not a store snapshot (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'invalid'})`;
  }
  if (error instanceof SyntaxError) return 'not valid JSON';
  const code = (error as NodeJS.ErrnoException).code;
  return `unreadable (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

export class FilePersistence {
  readonly file: string;
  private readonly source: SnapshotSource;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private readonly debounceMs: number;
  private dirty = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private lastSaveMs = 0;
  private failing = false;

  constructor(options: FilePersistenceOptions) {
    this.file = join(options.dataDir, STORE_FILE);
    this.source = options.source;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.debounceMs = options.debounceMs ?? 50;
  }

  /**
   * Loads the file into the source. Missing: start empty. Unreadable or invalid: move it to
   * `store.json.corrupt-<time>`, say so, start empty; if it can't be moved, refuse to start
   * rather than let the next save overwrite what someone may want to recover.
   */
  async load(): Promise<LoadResult> {
    const dir = dirname(this.file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await this.removeStaleTempFiles(dir);
    let snapshot: Snapshot;
    try {
      snapshot = parseSnapshot(JSON.parse(await readFile(this.file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
      return this.moveAside(describe(error));
    }
    const { restored, expired } = this.source.restore(snapshot);
    return { status: 'loaded', restored, expired };
  }

  /** Notes a change; a save follows after the debounce, or after the save in progress. */
  scheduleSave(): void {
    if (this.closed) return;
    this.dirty = true;
    if (!this.timer && !this.saving) this.arm();
  }

  /** Saves now if anything changed, and waits for it. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      if (this.saving) {
        await this.saving.catch(() => undefined);
        continue;
      }
      if (!this.dirty) return;
      await this.save();
    }
  }

  /** Flushes, then stops: later changes are not saved. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private arm(): void {
    // A big keyspace takes a while to write: space saves out so they stay a small share of the time.
    const delay = this.failing ? 1000 : Math.max(this.debounceMs, this.lastSaveMs * 4);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save().catch(() => undefined);
    }, delay);
    this.timer.unref();
  }

  private save(): Promise<void> {
    this.dirty = false;
    const started = performance.now();
    const run = async () => {
      try {
        await writeFileAtomic(this.file, JSON.stringify(this.source.snapshot()));
        if (this.failing) this.log(`store: saving ${this.file} works again`);
        this.failing = false;
      } catch (error) {
        this.dirty = true;
        if (!this.failing) this.log(`store: could not save ${this.file}: ${describe(error)}; will retry`);
        this.failing = true;
        throw error;
      } finally {
        this.lastSaveMs = performance.now() - started;
      }
    };
    const saving = run().finally(() => {
      this.saving = undefined;
      if (this.dirty && !this.closed && !this.timer) this.arm();
    });
    this.saving = saving;
    return saving;
  }

  private async moveAside(reason: string): Promise<LoadResult> {
    const stamp = new Date(this.clock.now()).toISOString().replace(/:/g, '-');
    const movedTo = `${this.file}.corrupt-${stamp}`;
    try {
      await rename(this.file, movedTo);
    } catch (error) {
      throw new Error(`${this.file} is ${reason} and could not be moved aside (${describe(error)}); fix or remove it`);
    }
    this.log(`store: ${this.file} was ${reason}; moved it to ${movedTo} and started empty`);
    return { status: 'corrupt', reason, movedTo };
  }

  /** Temp files are writes that never reached their rename: a crash mid-save. They hold nothing to keep. */
  private async removeStaleTempFiles(dir: string): Promise<void> {
    const prefix = `${STORE_FILE}.tmp-`;
    for (const name of await readdir(dir)) {
      if (name.startsWith(prefix)) await rm(join(dir, name), { force: true });
    }
  }
}
