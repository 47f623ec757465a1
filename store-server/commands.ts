// The commands the built-in store accepts, with their Redis 7 arity, and the queue-time check.
// Runtime: Node (store process). Both backends accept exactly this set, so they answer alike.
import { ReplyError } from './reply';

/**
 * Redis arity: a positive number is the exact argument count including the command name,
 * a negative one the minimum. Blocking, pub/sub and connection-state commands are left out
 * on purpose: over a shared connection to a real Redis they would stall or corrupt it.
 */
export const COMMAND_ARITY: Readonly<Record<string, number>> = {
  ping: -1,
  echo: 2,
  get: 2,
  set: -3,
  setex: 4,
  psetex: 4,
  setnx: 3,
  getdel: 2,
  getex: -2,
  mget: -2,
  mset: -3,
  del: -2,
  unlink: -2,
  exists: -2,
  expire: -3,
  pexpire: -3,
  expireat: -3,
  pexpireat: -3,
  ttl: 2,
  pttl: 2,
  persist: 2,
  type: 2,
  incr: 2,
  incrby: 3,
  decr: 2,
  decrby: 3,
  keys: 2,
  scan: -2,
  dbsize: 1,
  flushdb: -1,
  flushall: -1,
  hset: -4,
  hsetnx: 4,
  hget: 3,
  hmget: -3,
  hgetall: 2,
  hdel: -3,
  hexists: 3,
  hincrby: 4,
  hlen: 2,
  hkeys: 2,
  hvals: 2,
  sadd: -3,
  srem: -3,
  smembers: 2,
  sismember: 3,
  scard: 2,
  zadd: -4,
  zrem: -3,
  zscore: 3,
  zcard: 2,
  zcount: 4,
  zincrby: 4,
  zrange: -4,
  zrangebyscore: -4,
  zrevrangebyscore: -4,
  zremrangebyscore: 4,
  zrevrange: -4,
};

export const SUPPORTED_COMMANDS: readonly string[] = Object.keys(COMMAND_ARITY);

/** Truncates to `max` UTF-8 bytes, as Redis's `%.128s` does when it quotes arguments. */
function clip(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= max ? text : bytes.subarray(0, max).toString('utf8');
}

/** Redis 7's wording, so a client sees the same text from either backend. */
export function unknownCommand(args: readonly string[]): ReplyError {
  let quoted = '';
  for (let i = 1; i < args.length && Buffer.byteLength(quoted) < 128; i++) {
    quoted += `'${clip(args[i] ?? '', 128 - Buffer.byteLength(quoted))}' `;
  }
  return new ReplyError(`ERR unknown command '${clip(args[0] ?? '', 128)}', with args beginning with: ${quoted}`);
}

export const wrongArity = (name: string) => new ReplyError(`ERR wrong number of arguments for '${name}' command`);

/**
 * The checks Redis makes before it runs (or queues) a command: is it known, and does the
 * argument count fit. A failure here aborts a whole MULTI/EXEC; later errors fill one slot.
 */
export function checkCommand(args: readonly string[]): ReplyError | undefined {
  const name = (args[0] ?? '').toLowerCase();
  const arity = Object.hasOwn(COMMAND_ARITY, name) ? COMMAND_ARITY[name] : undefined;
  if (arity === undefined) return unknownCommand(args);
  if (arity > 0 ? args.length !== arity : args.length < -arity) return wrongArity(name);
  return undefined;
}
