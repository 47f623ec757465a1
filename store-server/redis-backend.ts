// The Redis backend: forwards each command to a real Redis (REDIS_URL) over ioredis, replies reshaped.
// Runtime: Node (store process). Short timeouts and no offline queue: an outage is an error at once, never a hang.
import { Redis as IORedis, ReplyError as IORedisReplyError } from 'ioredis';
import { BackendUnavailableError, type SlotResult, type StoreBackend } from './backend';
import { COMMAND_ARITY, unknownCommand } from './commands';
import { execAbort, ReplyError, type Reply } from './reply';

export interface RedisBackendOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...`. */
  url: string;
  log?: (line: string) => void;
  /** Connect and per-command budget. Default 1000 ms. */
  timeoutMs?: number;
}

/** The URL with its password replaced, fit for logs. */
export function maskRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

const isSupported = (args: readonly string[]) => Object.hasOwn(COMMAND_ARITY, (args[0] ?? '').toLowerCase());

/**
 * The name goes upper-case on purpose: ioredis keys its reply transformers by the exact lower-case
 * name (`hgetall` would become an object), so an upper-case name always gets Redis's reply as sent.
 */
const toCall = (args: readonly string[]): [string, ...string[]] => [(args[0] ?? '').toUpperCase(), ...args.slice(1)];

/**
 * ioredis replies in the memory engine's shape. Bulk and status strings arrive as Buffers (we ask
 * for them); integers arrive as decimal text (`stringNumbers`), because ioredis's own number
 * parsing rounds 64-bit values differently from JSON.parse, which is what Upstash's clients use.
 */
function toReply(value: unknown): Reply {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toReply);
  throw new BackendUnavailableError(`unexpected reply from redis: ${typeof value}`);
}

/** A Redis error reply stays a Redis error; anything else (timeout, closed connection) is an outage. */
function toError(error: unknown): Error {
  if (error instanceof IORedisReplyError) return new ReplyError((error as Error).message);
  if (error instanceof ReplyError || error instanceof BackendUnavailableError) return error;
  return new BackendUnavailableError(`redis: ${error instanceof Error ? error.message : String(error)}`);
}

/** Runs a queued pipeline or MULTI; a failure of the connection becomes this backend's error. */
async function execute(batch: { exec(): Promise<Array<[Error | null, unknown]> | null> }): Promise<Array<[Error | null, unknown]> | null> {
  try {
    return await batch.exec();
  } catch (error) {
    throw toError(error);
  }
}

function toSlots(results: Array<[Error | null, unknown]> | null, expected: number): SlotResult[] {
  if (!results || results.length !== expected) throw new BackendUnavailableError('redis: incomplete reply to a batch');
  return results.map(([error, value]) => {
    if (!error) return { result: toReply(value) };
    const converted = toError(error);
    // One slot failing for lack of a connection means the whole batch is in doubt.
    if (!(converted instanceof ReplyError)) throw converted;
    return { error: converted.message };
  });
}

export async function createRedisBackend(options: RedisBackendOptions): Promise<StoreBackend> {
  const timeoutMs = options.timeoutMs ?? 1000;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const where = maskRedisUrl(options.url);
  const client = new IORedis(options.url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableAutoPipelining: false,
    stringNumbers: true,
    connectionName: 'authlab-store',
    // Keep trying in the background, at most once a second, so the store recovers by itself.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });

  // One line when Redis goes away and one when it is back, not one per failed reconnect.
  let down = false;
  let closing = false;
  const wentDown = (why: string) => {
    if (!down && !closing) log(`store: redis ${where} unavailable: ${why}`);
    down = true;
  };
  client.on('error', (error: Error) => wentDown(error.message));
  client.on('close', () => wentDown('connection closed'));
  client.on('ready', () => {
    if (down) log(`store: redis ${where} reachable again`);
    down = false;
  });
  try {
    await client.connect();
  } catch {
    // Logged by the error handler; commands fail fast until the background retry connects.
  }

  function ensureReady() {
    if (client.status !== 'ready') throw new BackendUnavailableError(`redis ${where} is not connected (${client.status})`);
  }

  return {
    kind: 'redis',

    async command(args) {
      if (!isSupported(args)) throw unknownCommand(args);
      ensureReady();
      try {
        return toReply(await client.callBuffer(...toCall(args)));
      } catch (error) {
        throw toError(error);
      }
    },

    async pipeline(commands) {
      const slots: Array<SlotResult | undefined> = commands.map((args) =>
        isSupported(args) ? undefined : { error: unknownCommand(args).message },
      );
      const sent = commands.filter(isSupported);
      if (sent.length > 0) {
        ensureReady();
        const pipeline = client.pipeline();
        for (const args of sent) pipeline.callBuffer(...toCall(args));
        const answers = toSlots(await execute(pipeline), sent.length);
        let next = 0;
        for (let i = 0; i < slots.length; i++) slots[i] ??= answers[next++];
      }
      return slots.map((s) => s ?? { error: 'ERR internal error' });
    },

    async transaction(commands) {
      // An unknown command can't be queued: Redis would discard the transaction, and so do we.
      if (!commands.every(isSupported)) throw execAbort();
      ensureReady();
      const multi = client.multi();
      for (const args of commands) multi.callBuffer(...toCall(args));
      return toSlots(await execute(multi), commands.length);
    },

    async close() {
      closing = true;
      if (client.status === 'ready') {
        const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
        await Promise.race([client.quit().catch(() => undefined), timeout]);
      }
      client.disconnect();
    },
  };
}
