// The memory backend: the in-process engine behind the StoreBackend shape, saved by persistence.
// Runtime: Node (store process). Every batch runs synchronously, so nothing interleaves with it.
import type { SlotResult, StoreBackend } from './backend';
import type { Engine } from './engine';
import type { FilePersistence } from './persist';
import { ReplyError, type Reply } from './reply';

export interface MemoryBackendOptions {
  engine: Engine;
  /** Absent: the data lives only as long as the process (tests, throwaway stores). */
  persistence?: FilePersistence;
  /** How often expired keys are swept from memory; lookups never see them either way. Default 1000 ms. */
  sweepIntervalMs?: number;
}

const toSlot = (outcome: Reply | ReplyError): SlotResult =>
  outcome instanceof ReplyError ? { error: outcome.message } : { result: outcome };

export function createMemoryBackend(options: MemoryBackendOptions): StoreBackend {
  const { engine, persistence } = options;
  let seen = engine.revision;

  /** Any change since the last look schedules a (debounced) save. */
  function noteChanges() {
    if (engine.revision !== seen) {
      seen = engine.revision;
      persistence?.scheduleSave();
    }
  }

  function run<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    } finally {
      noteChanges();
    }
  }

  const sweeper = setInterval(() => {
    engine.sweep();
    noteChanges();
  }, options.sweepIntervalMs ?? 1000);
  // The sweep is housekeeping: it must never be what keeps the process alive.
  sweeper.unref();

  function executeOne(args: readonly string[]): SlotResult {
    try {
      return { result: engine.execute(args) };
    } catch (error) {
      if (error instanceof ReplyError) return { error: error.message };
      throw error;
    }
  }

  return {
    kind: 'memory',
    command: (args) => run(() => engine.execute(args)),
    pipeline: (commands) => run(() => commands.map(executeOne)),
    transaction: (commands) => run(() => engine.transaction(commands).map(toSlot)),
    async close() {
      clearInterval(sweeper);
      await persistence?.close();
    },
  };
}
