// Persistence of the memory engine: an append-only journal of every change, compacted into a snapshot in slices.
// Runtime: Node (store process). A write costs what it changes; nothing here holds the event loop for long.
//
// Files under the data dir, all made of checksummed frames (journal.ts):
//   snapshot-<G>.bin  the keyspace as it was at some moments after journal-<G> was opened (written by
//                     compaction, in slices, to a temp file that is fsynced and then renamed in)
//   journal-<G>.log   every change from then on, one frame per request, fsynced every second
// Start = the newest snapshot, then every journal from its number on, in order. A journal can be
// replayed over a snapshot that already holds some of its changes: each op states its result
// (see `JournalOp`), so applying it again gives the same keyspace.
import { mkdir, open, readdir, readFile, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Engine } from './engine';
import { FrameBuffer, scanFrames, writeAll, type FrameProblem, type JournalOp } from './journal';
import { parseSnapshot } from './snapshot';

/** The single JSON file older versions saved; imported once, then kept aside as `store.json.imported`. */
export const LEGACY_STORE_FILE = 'store.json';

const SNAPSHOT = /^snapshot-(\d+)\.bin$/;
const JOURNAL = /^journal-(\d+)\.log$/;
const snapshotName = (gen: number) => `snapshot-${gen}.bin`;
const journalName = (gen: number) => `journal-${gen}.log`;

export interface PersistenceOptions {
  dataDir: string;
  engine: Engine;
  log?: (line: string) => void;
  /** How often the journal is written and fsynced: a kill or power loss loses at most this much. Default 1000 ms. */
  fsyncIntervalMs?: number;
  /** Compact once the journal is larger than this and than the last snapshot. Default 64 MiB. */
  compactMinBytes?: number;
  /** How long one slice of a snapshot may hold the event loop. Default 4 ms. */
  sliceMs?: number;
}

export type LoadResult =
  | { status: 'missing' }
  | {
      status: 'loaded';
      restored: number;
      expired: number;
      /** The newest snapshot read (0: none), and how many journal frames were replayed after it. */
      snapshot: number;
      frames: number;
      /** A torn last write that was cut off (and logged). */
      truncated?: { file: string; offset: number; bytes: number; reason: string };
      /** Set when the data came from an older version's store.json. */
      imported?: string;
    };

/** The data dir holds damage that can't be explained as one interrupted write: the store refuses to start. */
export class CorruptStoreError extends Error {
  override readonly name = 'CorruptStoreError';
  readonly code = 'STORE_FILE_CORRUPT';
}

function parseOps(payload: Buffer, file: string, offset: number): JournalOp[] {
  // A frame that passed its checksum but isn't our JSON was written by something else: damage.
  try {
    // Nearly every frame is ASCII: read as Latin-1 it is the same text, and V8 makes it by a copy
    // instead of decoding UTF-8 (the largest single cost of a cold start at a million sessions).
    const ops = JSON.parse(isAscii(payload) ? payload.toString('latin1') : payload.toString('utf8')) as unknown;
    if (Array.isArray(ops) && ops.every((op) => Array.isArray(op) && typeof op[0] === 'string')) return ops as JournalOp[];
  } catch {
    // Reported below.
  }
  throw new CorruptStoreError(`${file}: the frame at byte ${offset} passes its checksum but holds no journal ops; refusing to start`);
}

async function syncDir(dir: string): Promise<void> {
  // The rename lives in the directory: sync it too. Some platforms refuse; the data is already safe.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only, as explained above.
  }
}

export class Persistence {
  readonly dataDir: string;
  private readonly engine: Engine;
  private readonly log: (line: string) => void;
  private readonly fsyncIntervalMs: number;
  private readonly compactMinBytes: number;
  private readonly sliceMs: number;

  /** Ops of the batch in progress; `endBatch` frames them. */
  private ops: JournalOp[] = [];
  /** Framed, not yet written. */
  private pending = new FrameBuffer();
  private gen = 1;
  private handle: FileHandle | undefined;
  private journalBytes = 0;
  private snapshotBytes = 0;
  /** Writes and fsyncs run one after another, in order, across journal files. */
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private compacting: Promise<void> | undefined;
  private closed = false;
  private failing = false;

  constructor(options: PersistenceOptions) {
    this.dataDir = options.dataDir;
    this.engine = options.engine;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.fsyncIntervalMs = options.fsyncIntervalMs ?? 1000;
    this.compactMinBytes = options.compactMinBytes ?? 64 * 1024 * 1024;
    this.sliceMs = options.sliceMs ?? 4;
  }

  /** Reads the data dir into the engine, then starts journaling. Throws `CorruptStoreError` on damage. */
  async load(): Promise<LoadResult> {
    const dir = this.dataDir;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const names = await readdir(dir);
    // Temp files are snapshots that never reached their rename: a crash mid-compaction. Nothing to keep.
    for (const name of names) if (name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
    const gens = (re: RegExp) =>
      names
        .map((name) => re.exec(name)?.[1])
        .filter((g): g is string => g !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
    const snapshots = gens(SNAPSHOT);
    const snapshot = snapshots.at(-1) ?? 0;
    const journals = gens(JOURNAL).filter((g) => g >= snapshot);

    let result: LoadResult = { status: 'missing' };
    if (snapshot === 0 && journals.length === 0 && names.includes(LEGACY_STORE_FILE)) {
      result = await this.importLegacy();
    } else if (snapshot > 0 || journals.length > 0) {
      result = await this.replay(snapshot, journals);
    }

    // What the newest snapshot replaces is no longer needed.
    for (const g of snapshots.filter((g) => g < snapshot)) await rm(join(dir, snapshotName(g)), { force: true });
    for (const g of gens(JOURNAL).filter((g) => g < snapshot)) await rm(join(dir, journalName(g)), { force: true });

    this.gen = journals.at(-1) ?? Math.max(snapshot, 1);
    this.handle = await open(join(dir, journalName(this.gen)), 'a', 0o600);
    this.journalBytes = (await this.handle.stat()).size;
    this.snapshotBytes = snapshot > 0 ? (await stat(join(dir, snapshotName(snapshot)))).size : 0;
    this.engine.setJournal((op) => this.ops.push(op));
    this.timer = setInterval(() => void this.flushJournal(false), this.fsyncIntervalMs);
    this.timer.unref();
    if (result.status === 'loaded' && result.imported) {
      // Write the imported data out in the new format before the old file is set aside.
      await this.compact();
      await rename(join(dir, LEGACY_STORE_FILE), join(dir, `${LEGACY_STORE_FILE}.imported`));
      this.log(`store: imported ${result.restored} keys from ${result.imported}; kept it as ${LEGACY_STORE_FILE}.imported`);
    }
    return result;
  }

  private async replay(snapshot: number, journals: number[]): Promise<LoadResult> {
    let frames = 0;
    let truncated: { file: string; offset: number; bytes: number; reason: string } | undefined;
    if (snapshot > 0) {
      const file = join(this.dataDir, snapshotName(snapshot));
      const scan = await scanFrames(file, (payload, offset) => this.engine.applyJournal(parseOps(payload, file, offset)));
      // A snapshot is renamed in only once whole and fsynced: any damage at all is damage.
      if (scan.problem) throw this.corrupt(file, scan.problem);
    }
    for (const [i, g] of journals.entries()) {
      const file = join(this.dataDir, journalName(g));
      const scan = await scanFrames(file, (payload, offset) => {
        this.engine.applyJournal(parseOps(payload, file, offset));
        frames++;
      });
      if (!scan.problem) continue;
      // A torn write can only be the last thing written: later journals must hold nothing.
      const later = journals.slice(i + 1);
      let laterBytes = 0;
      for (const l of later) laterBytes += (await stat(join(this.dataDir, journalName(l)))).size;
      if (!scan.problem.torn || laterBytes > 0) throw this.corrupt(file, scan.problem);
      const bytes = scan.fileBytes - scan.validBytes;
      await truncate(file, scan.validBytes);
      truncated = { file, offset: scan.validBytes, bytes, reason: scan.problem.reason };
      this.log(
        `store: ${file} ended in a torn write (${scan.problem.reason}); cut off its last ${bytes} bytes at byte ${scan.validBytes}: ` +
          'a write the store had not yet made durable, lost in a crash',
      );
    }
    const { restored, expired } = this.engine.finishReplay();
    return { status: 'loaded', restored, expired, snapshot, frames, ...(truncated ? { truncated } : {}) };
  }

  private corrupt(file: string, problem: FrameProblem): CorruptStoreError {
    const error = new CorruptStoreError(
      `${file} is damaged at byte ${problem.offset}: ${problem.reason}, with data after it. ` +
        'The store refuses to start rather than drop or guess; restore the file from a backup, or move the data dir aside to start empty',
    );
    this.log(`store: ${error.message}`);
    return error;
  }

  private async importLegacy(): Promise<LoadResult> {
    const file = join(this.dataDir, LEGACY_STORE_FILE);
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new CorruptStoreError(
        `${file} can't be read as JSON (${error instanceof Error ? error.message : String(error)}); refusing to start`,
      );
    }
    const parsed = (() => {
      try {
        return parseSnapshot(data);
      } catch {
        throw new CorruptStoreError(`${file} is not a store snapshot; refusing to start`);
      }
    })();
    const { restored, expired } = this.engine.restore(parsed);
    return { status: 'loaded', restored, expired, snapshot: 0, frames: 0, imported: file };
  }

  /** Frames the ops of the request just served; they reach the disk with the next flush (within `fsyncIntervalMs`). */
  endBatch(): void {
    if (this.ops.length === 0) return;
    this.pending.append(this.ops);
    this.ops = [];
  }

  /** Queues everything framed so far for `handle`, followed by an fsync. */
  private enqueueWrite(handle: FileHandle, closeAfter = false): Promise<void> {
    this.endBatch();
    const data = this.pending.take();
    for (const chunk of data) this.journalBytes += chunk.length;
    const step = async () => {
      if (data.length > 0) {
        await writeAll(handle, data);
        await handle.datasync();
      }
      if (closeAfter) await handle.close();
    };
    const run = this.chain.then(step);
    // A failed write is logged once and retried by nothing: the data is gone from `pending`, so
    // say so loudly; the next write tries the file again.
    this.chain = run.then(
      () => {
        if (this.failing) this.log(`store: writing the journal works again`);
        this.failing = false;
      },
      (error: unknown) => {
        this.failing = true;
        this.log(`store: could not write the journal: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    return run;
  }

  /** Writes and fsyncs what is pending; starts a compaction when the journal has outgrown the snapshot. */
  async flushJournal(wait = true): Promise<void> {
    if (!this.handle) return;
    const done = this.enqueueWrite(this.handle);
    if (!this.closed && !this.compacting && this.journalBytes > Math.max(this.compactMinBytes, this.snapshotBytes)) {
      void this.compact().catch((error: unknown) =>
        this.log(`store: compaction failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    if (wait) await done;
    else await done.catch(() => undefined);
  }

  /**
   * Writes a snapshot without stopping service: the journal moves to a new file first, then the
   * keyspace is written out a few milliseconds at a time, fsynced and renamed in; only then are the
   * old snapshot and journal deleted. A crash at any point leaves a complete, older pair.
   */
  compact(): Promise<void> {
    this.compacting ??= this.runCompaction().finally(() => {
      this.compacting = undefined;
    });
    return this.compacting;
  }

  private async runCompaction(): Promise<void> {
    const oldGen = this.gen;
    const oldHandle = this.handle;
    if (!oldHandle) return;
    const next = oldGen + 1;
    const newHandle = await open(join(this.dataDir, journalName(next)), 'a', 0o600);
    // From here on changes go to the new journal; what came before is written to the old one first.
    void this.enqueueWrite(oldHandle, true).catch(() => undefined);
    this.handle = newHandle;
    this.gen = next;
    this.journalBytes = 0;

    const target = join(this.dataDir, snapshotName(next));
    const temp = `${target}.tmp`;
    const out = await open(temp, 'w', 0o600);
    let size = 0;
    try {
      const entries = this.engine.dump();
      let done = false;
      while (!done) {
        if (this.closed) throw new Error('the store is stopping');
        const started = performance.now();
        const batch: JournalOp[] = [];
        const frames = new FrameBuffer();
        while (performance.now() - started < this.sliceMs) {
          const item = entries.next();
          if (item.done) {
            done = true;
            break;
          }
          batch.push(item.value);
          if (batch.length === 256) frames.append(batch.splice(0));
        }
        if (batch.length > 0) frames.append(batch);
        const data = frames.take();
        for (const chunk of data) size += chunk.length;
        await writeAll(out, data);
        // Let requests in between slices, even when the disk is fast.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await out.sync();
      await out.close();
      await rename(temp, target);
      await syncDir(this.dataDir);
    } catch (error) {
      await out.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
    this.snapshotBytes = size;
    await this.chain;
    await rm(join(this.dataDir, snapshotName(oldGen)), { force: true });
    for (let g = oldGen; g >= 1; g--) {
      try {
        await rm(join(this.dataDir, journalName(g)));
      } catch {
        break;
      }
    }
  }

  /** Writes and fsyncs everything acknowledged, then stops: later changes are not kept. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.engine.setJournal(undefined);
    await this.compacting?.catch(() => undefined);
    if (this.handle) await this.enqueueWrite(this.handle, true);
    await this.chain;
    this.handle = undefined;
  }

  /** For tests and the bench: the current journal number and sizes. */
  stats(): { gen: number; journalBytes: number; snapshotBytes: number; compacting: boolean } {
    return { gen: this.gen, journalBytes: this.journalBytes, snapshotBytes: this.snapshotBytes, compacting: this.compacting !== undefined };
  }
}
