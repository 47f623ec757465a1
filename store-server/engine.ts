// The built-in store's in-memory keyspace with Redis 7 semantics: strings, hashes, sets, sorted sets.
// Runtime: Node (store process). Time comes from an injected clock, so expiry is testable to the ms.
import { systemClock, type Clock } from '../lib/clock';
import { checkCommand, unknownCommand } from './commands';
import { globMatcher } from './glob';
import { formatDouble, LLONG_MAX, LLONG_MIN, parseCursor, parseDouble, parseInteger, parseScoreBound } from './redis-number';
import { execAbort, invalidExpireTime, notFloat, notInteger, ReplyError, syntaxError, wrongType, type Reply } from './reply';
import type { Snapshot, SnapshotEntry } from './snapshot';
import { SortedSet, type LexBound, type ScoreRange, type ScoredMember } from './sorted-set';

type Value =
  | { type: 'string'; data: string }
  | { type: 'hash'; data: Map<string, string> }
  | { type: 'set'; data: Set<string> }
  | { type: 'zset'; data: SortedSet };

type ValueType = Value['type'];
interface DataByType {
  string: string;
  hash: Map<string, string>;
  set: Set<string>;
  zset: SortedSet;
}
type DataOf<T extends ValueType> = DataByType[T];

interface Entry {
  value: Value;
  /** Absolute expiry in ms since the epoch; the key is gone once the clock is past it. */
  expiresAt: number | undefined;
  /** Creation order; SCAN cursors are these numbers (see `scan`). */
  seq: number;
}

/** The keyspace and its expiry rules; command handlers work on it. */
class Keyspace {
  readonly entries = new Map<string, Entry>();
  revision = 0;
  private nextSeq = 1;
  private fixedNow: number | undefined;

  constructor(private readonly clock: Clock) {}

  /** Redis reads the time once per command (once per EXEC): every check in it agrees. */
  now(): number {
    return this.fixedNow ?? this.clock.now();
  }

  atFixedTime<T>(fn: () => T): T {
    if (this.fixedNow !== undefined) return fn();
    this.fixedNow = this.clock.now();
    try {
      return fn();
    } finally {
      this.fixedNow = undefined;
    }
  }

  /** The live entry; one whose time has passed is deleted here, so no caller ever sees it. */
  lookup(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt !== undefined && this.now() > entry.expiresAt) {
      this.entries.delete(key);
      this.revision++;
      return undefined;
    }
    return entry;
  }

  /** The value if the key holds that type, undefined if it is missing; WRONGTYPE otherwise. */
  read<T extends ValueType>(key: string, type: T): DataOf<T> | undefined {
    const entry = this.lookup(key);
    if (!entry) return undefined;
    if (entry.value.type !== type) throw wrongType();
    return entry.value.data as DataOf<T>;
  }

  /** The collection at `key`, created empty when missing (the caller fills it before returning). */
  readOrCreate<T extends 'hash' | 'set' | 'zset'>(key: string, type: T): DataOf<T> {
    const existing = this.read(key, type);
    if (existing) return existing;
    const data = type === 'hash' ? new Map<string, string>() : type === 'set' ? new Set<string>() : new SortedSet();
    this.write(key, { type, data } as Value, undefined);
    return data as DataOf<T>;
  }

  /** Sets a key; an existing key keeps its place in SCAN order, as it keeps its bucket in Redis. */
  write(key: string, value: Value, expiresAt: number | undefined): void {
    const existing = this.lookup(key);
    this.entries.set(key, { value, expiresAt, seq: existing?.seq ?? this.nextSeq++ });
    this.revision++;
  }

  delete(key: string): boolean {
    if (!this.lookup(key)) return false;
    this.entries.delete(key);
    this.revision++;
    return true;
  }

  /** Drops a collection that a removal left empty: Redis never keeps empty hashes, sets or zsets. */
  dropIfEmpty(key: string, size: number): void {
    if (size === 0) this.delete(key);
  }

  touched(): void {
    this.revision++;
  }

  sweep(): number {
    let removed = 0;
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && now > entry.expiresAt) {
        this.entries.delete(key);
        removed++;
      }
    }
    if (removed > 0) this.revision++;
    return removed;
  }

  clear(): void {
    this.entries.clear();
    this.revision++;
  }
}

/** Command arguments as Redis's argv: index 0 is the command name. */
class Args {
  constructor(readonly list: readonly string[]) {}

  get length(): number {
    return this.list.length;
  }

  at(i: number): string {
    const value = this.list[i];
    // Arity is checked before a handler runs, so a missing argument is a bug in the handler.
    if (value === undefined) throw new Error(`argument ${i} of ${this.list[0] ?? '?'} is missing`);
    return value;
  }

  from(i: number): string[] {
    return this.list.slice(i);
  }

  is(i: number, word: string): boolean {
    return (this.list[i] ?? '').toLowerCase() === word;
  }
}

type Handler = (db: Keyspace, a: Args) => Reply;

const toInt = (text: string): bigint => {
  const value = parseInteger(text);
  if (value === undefined) throw notInteger();
  return value;
};

const toFloat = (text: string): number => {
  const value = parseDouble(text);
  if (value === undefined) throw notFloat();
  return value;
};

const overflow = () => new ReplyError('ERR increment or decrement would overflow');

// ---- strings and expiry options ------------------------------------------------------------

type ExpireKind = 'ex' | 'px' | 'exat' | 'pxat';

interface StringOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  persist: boolean;
  expire: { kind: ExpireKind; text: string } | undefined;
}

/** Redis's `parseExtendedStringArgumentsOrReply`, for SET (`set`) and GETEX (`getex`). */
function parseStringOptions(a: Args, start: number, command: 'set' | 'getex'): StringOptions {
  const o: StringOptions = { nx: false, xx: false, get: false, keepTtl: false, persist: false, expire: undefined };
  const isSet = command === 'set';
  for (let j = start; j < a.length; j++) {
    const opt = a.at(j).toLowerCase();
    const hasNext = j < a.length - 1;
    if (opt === 'nx' && !o.xx && isSet) o.nx = true;
    else if (opt === 'xx' && !o.nx && isSet) o.xx = true;
    else if (opt === 'get' && isSet) o.get = true;
    else if (opt === 'keepttl' && !o.persist && !o.expire && isSet) o.keepTtl = true;
    else if (opt === 'persist' && !isSet && !o.expire && !o.keepTtl) o.persist = true;
    else if (
      (opt === 'ex' || opt === 'px' || opt === 'exat' || opt === 'pxat') &&
      !o.keepTtl &&
      !o.persist &&
      (o.expire === undefined || o.expire.kind === opt) &&
      hasNext
    ) {
      o.expire = { kind: opt, text: a.at(++j) };
    } else throw syntaxError();
  }
  return o;
}

/** Redis's `getExpireMillisecondsOrReply`: a positive time that fits 64 bits, as absolute ms. */
function expireAt(db: Keyspace, text: string, kind: ExpireKind, command: string): number {
  const value = toInt(text);
  const seconds = kind === 'ex' || kind === 'exat';
  if (value <= 0n || (seconds && value > LLONG_MAX / 1000n)) throw invalidExpireTime(command);
  let ms = seconds ? value * 1000n : value;
  if (kind === 'ex' || kind === 'px') ms += BigInt(db.now());
  if (ms > LLONG_MAX) throw invalidExpireTime(command);
  return Number(ms);
}

function setGeneric(
  db: Keyspace,
  key: string,
  value: string,
  o: Pick<StringOptions, 'nx' | 'xx' | 'get' | 'keepTtl'>,
  at: number | undefined,
  replies: { ok: Reply; aborted: Reply },
): Reply {
  let previous: string | null = null;
  if (o.get) previous = db.read(key, 'string') ?? null;
  const existing = db.lookup(key);
  if ((o.nx && existing) || (o.xx && !existing)) return o.get ? previous : replies.aborted;
  const keep = o.keepTtl ? existing?.expiresAt : undefined;
  db.write(key, { type: 'string', data: value }, at ?? keep);
  return o.get ? previous : replies.ok;
}

const OK_OR_NIL = { ok: 'OK', aborted: null } as const;

function incrBy(db: Keyspace, key: string, by: bigint): Reply {
  const entry = db.lookup(key);
  if (entry && entry.value.type !== 'string') throw wrongType();
  const current = entry ? parseInteger(entry.value.data as string) : 0n;
  if (current === undefined) throw notInteger();
  const next = current + by;
  if (next > LLONG_MAX || next < LLONG_MIN) throw overflow();
  // INCR changes the value in place: the key keeps its time to live.
  db.write(key, { type: 'string', data: next.toString() }, entry?.expiresAt);
  return Number(next);
}

// ---- generic key commands -----------------------------------------------------------------

function expireGeneric(db: Keyspace, a: Args, unit: 's' | 'ms', absolute: boolean): Reply {
  const command = a.at(0).toLowerCase();
  const flags = { nx: false, xx: false, gt: false, lt: false };
  for (let j = 3; j < a.length; j++) {
    const opt = a.at(j).toLowerCase();
    if (opt === 'nx' || opt === 'xx' || opt === 'gt' || opt === 'lt') flags[opt] = true;
    else throw new ReplyError(`ERR Unsupported option ${a.at(j)}`);
  }
  if (flags.nx && (flags.xx || flags.gt || flags.lt)) {
    throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags.gt && flags.lt) throw new ReplyError('ERR GT and LT options at the same time are not compatible');
  let when = toInt(a.at(2));
  if (unit === 's') {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) throw invalidExpireTime(command);
    when *= 1000n;
  }
  const base = absolute ? 0n : BigInt(db.now());
  if (when > LLONG_MAX - base) throw invalidExpireTime(command);
  const at = Number(when + base);
  const entry = db.lookup(a.at(1));
  if (!entry) return 0;
  const current = entry.expiresAt;
  if (flags.nx && current !== undefined) return 0;
  if (flags.xx && current === undefined) return 0;
  // A key without a TTL counts as living forever: GT never beats it, LT always does.
  if (flags.gt && (current === undefined || at <= current)) return 0;
  if (flags.lt && current !== undefined && at >= current) return 0;
  if (at <= db.now()) {
    db.delete(a.at(1));
  } else {
    entry.expiresAt = at;
    db.touched();
  }
  return 1;
}

function ttl(db: Keyspace, key: string, unit: 's' | 'ms'): Reply {
  const entry = db.lookup(key);
  if (!entry) return -2;
  if (entry.expiresAt === undefined) return -1;
  const ms = Math.max(0, entry.expiresAt - db.now());
  return unit === 'ms' ? ms : Math.floor((ms + 500) / 1000);
}

/**
 * SCAN over creation order: the cursor is the sequence number of the last key visited, so a key
 * that exists for the whole iteration is returned exactly once, whatever is added or removed.
 */
function scan(db: Keyspace, a: Args): Reply {
  const cursor = parseCursor(a.at(1));
  if (cursor === undefined) throw new ReplyError('ERR invalid cursor');
  let count = 10;
  let matches: ((key: string) => boolean) | undefined;
  let type: string | undefined;
  for (let i = 2; i < a.length;) {
    const left = a.length - i;
    if (a.is(i, 'count') && left >= 2) {
      const n = toInt(a.at(i + 1));
      if (n < 1n) throw syntaxError();
      count = n > 1_000_000n ? 1_000_000 : Number(n);
      i += 2;
    } else if (a.is(i, 'match') && left >= 2) {
      matches = globMatcher(a.at(i + 1));
      i += 2;
    } else if (a.is(i, 'type') && left >= 2) {
      type = a.at(i + 1).toLowerCase();
      i += 2;
    } else throw syntaxError();
  }
  const keys: string[] = [];
  let visited = 0;
  let last = 0;
  let more = false;
  for (const [key, entry] of db.entries) {
    if (BigInt(entry.seq) <= cursor) continue;
    if (visited === count) {
      more = true;
      break;
    }
    visited++;
    last = entry.seq;
    const live = db.lookup(key);
    if (!live) continue;
    if (matches && !matches(key)) continue;
    if (type !== undefined && live.value.type !== type) continue;
    keys.push(key);
  }
  return [more ? String(last) : '0', keys];
}

function flush(db: Keyspace, a: Args): Reply {
  if (a.length > 2 || (a.length === 2 && !a.is(1, 'sync') && !a.is(1, 'async'))) throw syntaxError();
  db.clear();
  return 'OK';
}

/** HDEL, SREM, ZREM: how many of `members` were there; an emptied collection is dropped, as Redis does. */
function removeMembers(
  db: Keyspace,
  key: string,
  collection: { delete(member: string): boolean; size: number } | undefined,
  members: string[],
): number {
  if (!collection) return 0;
  const removed = members.filter((member) => collection.delete(member)).length;
  if (removed > 0) db.touched();
  db.dropIfEmpty(key, collection.size);
  return removed;
}

// ---- hashes ---------------------------------------------------------------------------------

function hincrBy(db: Keyspace, a: Args): Reply {
  const by = toInt(a.at(3));
  const hash = db.readOrCreate(a.at(1), 'hash');
  const field = a.at(2);
  const raw = hash.get(field);
  const current = raw === undefined ? 0n : parseInteger(raw);
  if (current === undefined) throw new ReplyError('ERR hash value is not an integer');
  const next = current + by;
  if (next > LLONG_MAX || next < LLONG_MIN) throw overflow();
  hash.set(field, next.toString());
  db.touched();
  return Number(next);
}

// ---- sorted sets ----------------------------------------------------------------------------

/** ZADD and ZINCRBY share Redis's `zaddGenericCommand`, flags and error order included. */
function zaddGeneric(db: Keyspace, a: Args, incrCommand: boolean): Reply {
  const f = { nx: false, xx: false, ch: false, incr: incrCommand, gt: false, lt: false };
  let i = 2;
  for (; i < a.length; i++) {
    const opt = a.at(i).toLowerCase();
    if (opt === 'nx' || opt === 'xx' || opt === 'ch' || opt === 'incr' || opt === 'gt' || opt === 'lt') f[opt] = true;
    else break;
  }
  const rest = a.length - i;
  if (rest % 2 !== 0 || rest === 0) throw syntaxError();
  if (f.nx && f.xx) throw new ReplyError('ERR XX and NX options at the same time are not compatible');
  if ((f.gt && f.nx) || (f.lt && f.nx) || (f.gt && f.lt)) {
    throw new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (f.incr && rest > 2) throw new ReplyError('ERR INCR option supports a single increment-element pair');
  const pairs: Array<{ score: number; member: string }> = [];
  for (let j = i; j < a.length; j += 2) pairs.push({ score: toFloat(a.at(j)), member: a.at(j + 1) });

  const key = a.at(1);
  let zset = db.read(key, 'zset');
  if (!zset && f.xx) return f.incr ? null : 0;
  zset ??= db.readOrCreate(key, 'zset');
  let added = 0;
  let updated = 0;
  let processed = 0;
  let last = 0;
  for (const { member, score: given } of pairs) {
    const current = zset.score(member);
    let score = given;
    if (current === undefined) {
      if (f.xx) continue;
      zset.set(member, score);
      added++;
    } else {
      if (f.nx) continue;
      if (f.incr) {
        score += current;
        if (Number.isNaN(score)) throw new ReplyError('ERR resulting score is not a number (NaN)');
      }
      if ((f.lt && score >= current) || (f.gt && score <= current)) continue;
      if (score !== current) {
        zset.set(member, score);
        updated++;
      }
    }
    processed++;
    last = score;
  }
  if (added + updated > 0) db.touched();
  if (f.incr) return processed > 0 ? formatDouble(last === 0 ? 0 : last) : null;
  return f.ch ? added + updated : added;
}

function scoreRange(minText: string, maxText: string): ScoreRange {
  const min = parseScoreBound(minText);
  const max = parseScoreBound(maxText);
  if (!min || !max) throw new ReplyError('ERR min or max is not a float');
  return { min: min.value, max: max.value, minExclusive: min.exclusive, maxExclusive: max.exclusive };
}

function lexBound(text: string): LexBound | undefined {
  if (text === '+') return { kind: 'max' };
  if (text === '-') return { kind: 'min' };
  if (text.startsWith('(')) return { kind: 'value', value: text.slice(1), exclusive: true };
  if (text.startsWith('[')) return { kind: 'value', value: text.slice(1), exclusive: false };
  return undefined;
}

type RangeType = 'rank' | 'score' | 'lex';

interface ZrangeOptions {
  type: RangeType;
  reverse: boolean;
  withScores: boolean;
  offset: number;
  limit: number;
}

/** The option words after `key start stop`; the fixed forms (ZREVRANGE...) take no BYSCORE, BYLEX or REV words. */
function parseZrangeOptions(a: Args, fixed: { type: RangeType; reverse: boolean } | undefined): ZrangeOptions {
  let type: RangeType | undefined = fixed?.type;
  let reverse: boolean | undefined = fixed?.reverse;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = 4; j < a.length; j++) {
    const left = a.length - j - 1;
    if (a.is(j, 'withscores')) withScores = true;
    else if (a.is(j, 'limit') && left >= 2) {
      offset = Number(toInt(a.at(j + 1)));
      limit = Number(toInt(a.at(j + 2)));
      j += 2;
    } else if (!fixed && reverse === undefined && a.is(j, 'rev')) reverse = true;
    else if (!fixed && type === undefined && a.is(j, 'bylex')) type = 'lex';
    else if (!fixed && type === undefined && a.is(j, 'byscore')) type = 'score';
    else throw syntaxError();
  }
  const o = { type: type ?? 'rank', reverse: reverse ?? false, withScores, offset, limit };
  // Redis checks `limit != -1`, so an explicit LIMIT 0 -1 passes on a rank range.
  if (o.limit !== -1 && o.type === 'rank') {
    throw new ReplyError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (o.withScores && o.type === 'lex') {
    throw new ReplyError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  }
  return o;
}

/** The members a range picks, in reply order. Bounds are parsed here, before the key is read. */
function rangeSelector(o: ZrangeOptions, first: string, second: string): (zset: SortedSet) => ScoredMember[] {
  if (o.type === 'rank') {
    const start = Number(toInt(first));
    const end = Number(toInt(second));
    return (zset) => {
      const n = zset.size;
      let from = start < 0 ? n + start : start;
      let to = end < 0 ? n + end : end;
      if (from < 0) from = 0;
      if (from > to || from >= n) return [];
      if (to >= n) to = n - 1;
      const all = zset.entries();
      return o.reverse ? all.slice(n - 1 - to, n - from).reverse() : all.slice(from, to + 1);
    };
  }
  // A reversed score or lex range is written max first.
  const [low, high] = o.reverse ? [second, first] : [first, second];
  let pick: (zset: SortedSet) => ScoredMember[];
  if (o.type === 'score') {
    const range = scoreRange(low, high);
    pick = (zset) => (o.reverse ? zset.byScore(range).reverse() : zset.byScore(range));
  } else {
    const min = lexBound(low);
    const max = lexBound(high);
    if (!min || !max) throw new ReplyError('ERR min or max not valid string range item');
    pick = (zset) => zset.byLex(min, max, o.reverse);
  }
  // Redis walks `offset` members, then emits while `limit--` is non-zero: a negative offset
  // walks off the end, a negative limit never runs out.
  return (zset) => (o.offset < 0 ? [] : pick(zset).slice(o.offset, o.limit < 0 ? undefined : o.offset + o.limit));
}

/**
 * Redis's `zrangeGenericCommand`: ZRANGE with its options, and the fixed forms ZREVRANGE,
 * ZRANGEBYSCORE and ZREVRANGEBYSCORE.
 */
function zrangeGeneric(db: Keyspace, a: Args, fixed?: { type: RangeType; reverse: boolean }): Reply {
  const o = parseZrangeOptions(a, fixed);
  const select = rangeSelector(o, a.at(2), a.at(3));
  const zset = db.read(a.at(1), 'zset');
  if (!zset) return [];
  const chosen = select(zset);
  return o.withScores ? chosen.flatMap((e) => [e.member, formatDouble(e.score)]) : chosen.map((e) => e.member);
}

// ---- the command table ----------------------------------------------------------------------

const HANDLERS: Readonly<Record<string, Handler>> = {
  ping: (_db, a) => {
    if (a.length > 2) throw new ReplyError("ERR wrong number of arguments for 'ping' command");
    return a.length === 2 ? a.at(1) : 'PONG';
  },
  echo: (_db, a) => a.at(1),

  get: (db, a) => db.read(a.at(1), 'string') ?? null,
  set: (db, a) => {
    const o = parseStringOptions(a, 3, 'set');
    const at = o.expire ? expireAt(db, o.expire.text, o.expire.kind, 'set') : undefined;
    return setGeneric(db, a.at(1), a.at(2), o, at, OK_OR_NIL);
  },
  setex: (db, a) => {
    const at = expireAt(db, a.at(2), 'ex', 'setex');
    return setGeneric(db, a.at(1), a.at(3), { nx: false, xx: false, get: false, keepTtl: false }, at, OK_OR_NIL);
  },
  psetex: (db, a) => {
    const at = expireAt(db, a.at(2), 'px', 'psetex');
    return setGeneric(db, a.at(1), a.at(3), { nx: false, xx: false, get: false, keepTtl: false }, at, OK_OR_NIL);
  },
  setnx: (db, a) =>
    setGeneric(db, a.at(1), a.at(2), { nx: true, xx: false, get: false, keepTtl: false }, undefined, {
      ok: 1,
      aborted: 0,
    }),
  getdel: (db, a) => {
    const value = db.read(a.at(1), 'string');
    if (value === undefined) return null;
    db.delete(a.at(1));
    return value;
  },
  getex: (db, a) => {
    const o = parseStringOptions(a, 2, 'getex');
    const key = a.at(1);
    const value = db.read(key, 'string');
    if (value === undefined) return null;
    if (o.expire) {
      const at = expireAt(db, o.expire.text, o.expire.kind, 'getex');
      if (at <= db.now()) db.delete(key);
      else db.write(key, { type: 'string', data: value }, at);
    } else if (o.persist) {
      db.write(key, { type: 'string', data: value }, undefined);
    }
    return value;
  },
  mget: (db, a) =>
    a.from(1).map((key) => {
      const entry = db.lookup(key);
      return entry?.value.type === 'string' ? entry.value.data : null;
    }),
  mset: (db, a) => {
    if (a.length % 2 === 0) throw new ReplyError("ERR wrong number of arguments for 'mset' command");
    for (let j = 1; j < a.length; j += 2) db.write(a.at(j), { type: 'string', data: a.at(j + 1) }, undefined);
    return 'OK';
  },
  incr: (db, a) => incrBy(db, a.at(1), 1n),
  decr: (db, a) => incrBy(db, a.at(1), -1n),
  incrby: (db, a) => incrBy(db, a.at(1), toInt(a.at(2))),
  decrby: (db, a) => {
    const by = toInt(a.at(2));
    if (by === LLONG_MIN) throw new ReplyError('ERR decrement would overflow');
    return incrBy(db, a.at(1), -by);
  },

  del: (db, a) => a.from(1).filter((key) => db.delete(key)).length,
  unlink: (db, a) => a.from(1).filter((key) => db.delete(key)).length,
  exists: (db, a) => a.from(1).filter((key) => db.lookup(key) !== undefined).length,
  expire: (db, a) => expireGeneric(db, a, 's', false),
  pexpire: (db, a) => expireGeneric(db, a, 'ms', false),
  expireat: (db, a) => expireGeneric(db, a, 's', true),
  pexpireat: (db, a) => expireGeneric(db, a, 'ms', true),
  ttl: (db, a) => ttl(db, a.at(1), 's'),
  pttl: (db, a) => ttl(db, a.at(1), 'ms'),
  persist: (db, a) => {
    const entry = db.lookup(a.at(1));
    if (!entry || entry.expiresAt === undefined) return 0;
    entry.expiresAt = undefined;
    db.touched();
    return 1;
  },
  type: (db, a) => db.lookup(a.at(1))?.value.type ?? 'none',
  keys: (db, a) => {
    const matches = globMatcher(a.at(1));
    return [...db.entries.keys()].filter((key) => matches(key) && db.lookup(key) !== undefined);
  },
  scan,
  dbsize: (db) => {
    db.sweep();
    return db.entries.size;
  },
  flushdb: flush,
  flushall: flush,

  hset: (db, a) => {
    if (a.length % 2 === 1) throw new ReplyError("ERR wrong number of arguments for 'hset' command");
    const hash = db.readOrCreate(a.at(1), 'hash');
    let created = 0;
    for (let j = 2; j < a.length; j += 2) {
      if (!hash.has(a.at(j))) created++;
      hash.set(a.at(j), a.at(j + 1));
    }
    db.touched();
    return created;
  },
  hsetnx: (db, a) => {
    const hash = db.readOrCreate(a.at(1), 'hash');
    if (hash.has(a.at(2))) return 0;
    hash.set(a.at(2), a.at(3));
    db.touched();
    return 1;
  },
  hget: (db, a) => db.read(a.at(1), 'hash')?.get(a.at(2)) ?? null,
  hmget: (db, a) => {
    const hash = db.read(a.at(1), 'hash');
    return a.from(2).map((field) => hash?.get(field) ?? null);
  },
  hgetall: (db, a) => [...(db.read(a.at(1), 'hash') ?? [])].flat(),
  hdel: (db, a) => removeMembers(db, a.at(1), db.read(a.at(1), 'hash'), a.from(2)),
  hexists: (db, a) => (db.read(a.at(1), 'hash')?.has(a.at(2)) ? 1 : 0),
  hincrby: hincrBy,
  hlen: (db, a) => db.read(a.at(1), 'hash')?.size ?? 0,
  hkeys: (db, a) => [...(db.read(a.at(1), 'hash')?.keys() ?? [])],
  hvals: (db, a) => [...(db.read(a.at(1), 'hash')?.values() ?? [])],

  sadd: (db, a) => {
    const set = db.readOrCreate(a.at(1), 'set');
    let added = 0;
    for (const member of a.from(2)) {
      if (!set.has(member)) {
        set.add(member);
        added++;
      }
    }
    db.touched();
    return added;
  },
  srem: (db, a) => removeMembers(db, a.at(1), db.read(a.at(1), 'set'), a.from(2)),
  smembers: (db, a) => [...(db.read(a.at(1), 'set') ?? [])],
  sismember: (db, a) => (db.read(a.at(1), 'set')?.has(a.at(2)) ? 1 : 0),
  scard: (db, a) => db.read(a.at(1), 'set')?.size ?? 0,

  zadd: (db, a) => zaddGeneric(db, a, false),
  zincrby: (db, a) => zaddGeneric(db, a, true),
  zrem: (db, a) => removeMembers(db, a.at(1), db.read(a.at(1), 'zset'), a.from(2)),
  zscore: (db, a) => {
    const score = db.read(a.at(1), 'zset')?.score(a.at(2));
    return score === undefined ? null : formatDouble(score);
  },
  zcard: (db, a) => db.read(a.at(1), 'zset')?.size ?? 0,
  zcount: (db, a) => {
    const range = scoreRange(a.at(2), a.at(3));
    return db.read(a.at(1), 'zset')?.byScore(range).length ?? 0;
  },
  zrange: (db, a) => zrangeGeneric(db, a),
  zrevrange: (db, a) => zrangeGeneric(db, a, { type: 'rank', reverse: true }),
  zrangebyscore: (db, a) => zrangeGeneric(db, a, { type: 'score', reverse: false }),
  zrevrangebyscore: (db, a) => zrangeGeneric(db, a, { type: 'score', reverse: true }),
  zremrangebyscore: (db, a) => {
    const range = scoreRange(a.at(2), a.at(3));
    const zset = db.read(a.at(1), 'zset');
    if (!zset) return 0;
    const doomed = zset.byScore(range);
    for (const { member } of doomed) zset.delete(member);
    if (doomed.length > 0) db.touched();
    db.dropIfEmpty(a.at(1), zset.size);
    return doomed.length;
  },
};

/** The names the engine implements; a test holds them equal to `COMMAND_ARITY`'s. */
export const ENGINE_COMMANDS: readonly string[] = Object.keys(HANDLERS);

export interface EngineOptions {
  /** Defaults to the system clock. */
  clock?: Clock;
}

/** The in-memory Redis: run commands one by one or as a transaction; snapshot and restore. */
export class Engine {
  private readonly db: Keyspace;
  private readonly clock: Clock;

  constructor(options: EngineOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.db = new Keyspace(this.clock);
  }

  /** Bumped by every change to the keyspace; persistence saves when it moves. */
  get revision(): number {
    return this.db.revision;
  }

  /** Runs one command; a Redis error reply is thrown as `ReplyError`. */
  execute(args: readonly string[]): Reply {
    const problem = checkCommand(args);
    if (problem) throw problem;
    const handler = HANDLERS[(args[0] ?? '').toLowerCase()];
    if (!handler) throw unknownCommand(args);
    return this.db.atFixedTime(() => handler(this.db, new Args(args)));
  }

  /**
   * MULTI/EXEC: an unknown command or a wrong argument count anywhere discards the whole
   * transaction (EXECABORT, nothing runs); otherwise every command runs, at one instant, and
   * a runtime error (WRONGTYPE, syntax) fills only its own slot.
   */
  transaction(commands: ReadonlyArray<readonly string[]>): Array<Reply | ReplyError> {
    if (commands.some((args) => checkCommand(args) !== undefined)) throw execAbort();
    return this.db.atFixedTime(() =>
      commands.map((args) => {
        try {
          return this.execute(args);
        } catch (error) {
          if (error instanceof ReplyError) return error;
          throw error;
        }
      }),
    );
  }

  /** Deletes every key whose time has passed; returns how many. Lookups do this lazily too. */
  sweep(): number {
    return this.db.atFixedTime(() => this.db.sweep());
  }

  snapshot(): Snapshot {
    const now = this.clock.now();
    const entries: SnapshotEntry[] = [];
    for (const [key, { value, expiresAt }] of this.db.entries) {
      if (expiresAt !== undefined && now > expiresAt) continue;
      const ttl = expiresAt === undefined ? {} : { expiresAt };
      switch (value.type) {
        case 'string':
          entries.push({ key, type: 'string', value: value.data, ...ttl });
          break;
        case 'hash':
          entries.push({ key, type: 'hash', value: [...value.data], ...ttl });
          break;
        case 'set':
          entries.push({ key, type: 'set', value: [...value.data], ...ttl });
          break;
        case 'zset':
          entries.push({
            key,
            type: 'zset',
            value: value.data.entries().map((e): [string, string] => [e.member, String(e.score)]),
            ...ttl,
          });
          break;
      }
    }
    return { version: 1, entries };
  }

  /** Replaces the keyspace with a snapshot, leaving out keys whose time has already passed. */
  restore(snapshot: Snapshot): { restored: number; expired: number } {
    const now = this.clock.now();
    this.db.clear();
    let expired = 0;
    for (const entry of snapshot.entries) {
      if (entry.expiresAt !== undefined && now > entry.expiresAt) {
        expired++;
        continue;
      }
      let value: Value;
      switch (entry.type) {
        case 'string':
          value = { type: 'string', data: entry.value };
          break;
        case 'hash':
          value = { type: 'hash', data: new Map(entry.value) };
          break;
        case 'set':
          value = { type: 'set', data: new Set(entry.value) };
          break;
        case 'zset': {
          const zset = new SortedSet();
          for (const [member, score] of entry.value) zset.set(member, Number(score));
          value = { type: 'zset', data: zset };
          break;
        }
      }
      if (isEmpty(value)) continue;
      this.db.write(entry.key, value, entry.expiresAt);
    }
    return { restored: this.db.entries.size, expired };
  }
}

function isEmpty(value: Value): boolean {
  return value.type !== 'string' && value.data.size === 0;
}
