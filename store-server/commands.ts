// The commands the built-in store accepts, with their Redis 7 arity, and the queue-time check.
// Runtime: Node (store process). Both backends accept exactly this set, so they answer alike.
import { ReplyError } from './reply';

/**
 * Redis arity: a positive number is the exact argument count including the command name,
 * a negative one the minimum. The list is what the app sends (lib/auth/, app/api/ready,
 * scripts/load.ts's SCAN, PTTL and DBSIZE) plus FLUSHDB, which tests use to start from an empty
 * database; each is proven against a real Redis by contract.test.ts. Anything else is unknown to
 * both backends alike, so forwarding to a real Redis never accepts what the memory engine can't run.
 */
export const COMMAND_ARITY: Readonly<Record<string, number>> = {
  ping: -1,
  get: 2,
  set: -3,
  mget: -2,
  incr: 2,
  del: -2,
  pexpire: -3,
  pttl: 2,
  scan: -2,
  dbsize: 1,
  flushdb: -1,
  sadd: -3,
  srem: -3,
  smembers: 2,
  scard: 2,
  srandmember: -2,
  zadd: -4,
  zrem: -3,
  zcard: 2,
  zcount: 4,
  zscore: 3,
  zrange: -4,
  zremrangebyscore: 4,
};

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
