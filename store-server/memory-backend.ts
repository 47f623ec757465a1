// The memory backend: the in-process engine behind the StoreBackend shape, saved by persistence.
// Runtime: Node (store process). Every batch runs synchronously, so nothing interleaves with it.
import type { SlotResult, StoreBackend } from './backend';
import type { Engine } from './engine';
import type { Persistence } from './persist';
import { ReplyError, type Reply } from './reply';

export interface MemoryBackendOptions {
  engine: Engine;
  /** Absent: the data lives only as long as the process (tests, throwaway stores). */
  persistence?: Persistence;
  /** How often a slice of the keyspace is swept of expired keys; lookups never see them either way. Default 100 ms. */
  sweepIntervalMs?: number;
  /** Keys looked at per sweep slice. Default 5000 (a fraction of a millisecond). */
  sweepBudget?: number;
  /** A pipeline longer than this runs in slices, so other requests get in between. Default 256. */
  pipelineSlice?: number;
}

const toSlot = (outcome: Reply | ReplyError): SlotResult =>
  outcome instanceof ReplyError ? { error: outcome.message } : { result: outcome };

export function createMemoryBackend(options: MemoryBackendOptions): StoreBackend {
  const { engine, persistence } = options;
  const sweepBudget = options.sweepBudget ?? 5000;
  const pipelineSlice = options.pipelineSlice ?? 256;

  /** The changes of one request go to the journal as one frame: a crash keeps all of them or none. */
  function noteChanges() {
    persistence?.endBatch();
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

  // Expired keys are swept a slice at a time, however many keys there are.
  const sweeper = setInterval(() => engine.sweepStep(sweepBudget), options.sweepIntervalMs ?? 100);
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
    pipeline: async (commands) => {
      if (commands.length <= pipelineSlice) return run(() => commands.map(executeOne));
      // A pipeline is not atomic, so a long one may let other requests run between its slices.
      const slots: SlotResult[] = [];
      for (let i = 0; i < commands.length; i += pipelineSlice) {
        if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        slots.push(...(await run(() => commands.slice(i, i + pipelineSlice).map(executeOne))));
      }
      return slots;
    },
    transaction: (commands) => run(() => engine.transaction(commands).map(toSlot)),
    async close() {
      clearInterval(sweeper);
      await persistence?.close();
    },
  };
}
