// The one shape both store backends share (memory engine, real Redis), so the HTTP layer can't tell.
// Runtime: Node (store process).
import type { Reply } from './reply';

/** One command's outcome inside /pipeline or /multi-exec, as the Upstash REST protocol writes it. */
export type SlotResult = { result: Reply } | { error: string };

export interface StoreBackend {
  readonly kind: 'memory' | 'redis';
  /** One command. A Redis error reply rejects with `ReplyError`; an outage with `BackendUnavailableError`. */
  command(args: readonly string[]): Promise<Reply>;
  /** In order, not atomic: each command's Redis error lands in its own slot. */
  pipeline(commands: ReadonlyArray<readonly string[]>): Promise<SlotResult[]>;
  /**
   * MULTI/EXEC: atomic; a command that can't be queued (unknown, wrong arity) rejects the whole
   * batch with an EXECABORT `ReplyError`, while runtime errors fill their own slots.
   */
  transaction(commands: ReadonlyArray<readonly string[]>): Promise<SlotResult[]>;
  /** Flushes what must be kept (the memory engine's file) and releases connections. */
  close(): Promise<void>;
}

/** The backend can't answer at all (Redis down, timed out): not a Redis error, an outage. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  readonly code = 'STORE_BACKEND_UNAVAILABLE';
}
