// The built-in store's in-memory keyspace with Redis 7 semantics, for the three types the app uses: strings, sets, sorted sets.
// Runtime: Node (store process). Time comes from an injected clock, so expiry is testable to the ms.
import { systemClock, type Clock } from '../lib/clock';
import { checkCommand, unknownCommand } from './commands';
import { globMatcher } from './glob';
import { KeyTable, SET, STRING, ZSET } from './key-table';
import { compareMembers, formatScore, parseLexBound, parseScore, parseScoreBound, type LexBound, type ScoreBound } from './redis-float';
import { LLONG_MAX, LLONG_MIN, parseCursor, parseInteger } from './redis-number';
import { execAbort, invalidExpireTime, notInteger, ReplyError, syntaxError, wrongType, type Reply } from './reply';
import type { JournalOp } from './journal';
import type { Snapshot, SnapshotEntry } from './snapshot';

/**
 * A sorted set: member -> score, with the order (score, then member bytes) built when first read
 * after a change. The app's sets are small and read far more often than they change.
 */
export class SortedSet {
  readonly scores = new Map<string, number>();
  private order: string[] | undefined;

  get size(): number {
    return this.scores.size;
  }

  set(member: string, score: number): void {
    this.scores.set(member, score);
    this.order = undefined;
  }

  delete(member: string): boolean {
    const removed = this.scores.delete(member);
    if (removed) this.order = undefined;
    return removed;
  }

  /** Members in ascending order. */
  sorted(): readonly string[] {
    if (!this.order) {
      const scores = this.scores;
      this.order = [...scores.keys()].sort((a, b) => {
        const x = scores.get(a)!;
        const y = scores.get(b)!;
        return x < y ? -1 : x > y ? 1 : compareMembers(a, b);
      });
    }
    return this.order;
  }

  score(member: string): number {
    return this.scores.get(member)!;
  }
}

type Value = { type: 'string'; data: string } | { type: 'set'; data: Set<string> } | { type: 'zset'; data: SortedSet };

type ValueType = Value['type'];
interface DataByType {
  string: string;
  set: Set<string>;
  zset: SortedSet;
}
type DataOf<T extends ValueType> = DataByType[T];

const TYPE_CODES = { string: STRING, set: SET, zset: ZSET } as const;
const TYPE_NAMES: readonly (ValueType | undefined)[] = [undefined, 'string', 'set', 'zset'];

/** The whole of a key's value, as the journal and the snapshot write it. */
function fullOp(key: string, value: Value, expiresAt: number | undefined): JournalOp {
  if (value.type === 'string') return ['set', key, value.data, expiresAt ?? null];
  if (value.type === 'set') return ['sset', key, [...value.data], expiresAt ?? null];
  // Scores as Redis writes them (%.17g, inf): exact, and JSON has no Infinity.
  const scores = [...value.data.scores].map(([member, score]): [string, string] => [member, formatScore(score)]);
  return ['zset', key, scores, expiresAt ?? null];
}

/**
 * The keyspace and its expiry rules; command handlers work on it. A key is addressed by its id in
 * `table` (key-table.ts), valid until the key is deleted; -1 means "no such key".
 */
class Keyspace {
  /**
   * Off the JavaScript heap: the garbage collector has nothing per key to mark but the sets'
   * objects (key-table.ts says why).
   */
  readonly table = new KeyTable<Set<string> | SortedSet>();
  revision = 0;
  private fixedNow: number | undefined;
  /** Hears every change, as an op with absolute times (persistence appends them to the journal). */
  journal: ((op: JournalOp) => void) | undefined;
  /** SCAN iterations in progress: cursor → the key it read but did not return yet (its id and creation number). */
  readonly scanCursors = new Map<number, { id: number; seq: number }>();
  /** The next id the incremental sweep looks at. */
  private sweepAt = 0;

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

  private expired(id: number, now: number): boolean {
    const at = this.table.expiresAt(id);
    return at !== undefined && now > at;
  }

  /** The live key's id, or -1; a key whose time has passed is deleted here, so no caller ever sees it. */
  lookup(key: string): number {
    const id = this.table.find(key);
    if (id >= 0 && this.expired(id, this.now())) {
      this.table.delete(id);
      this.revision++;
      return -1;
    }
    return id;
  }

  typeOf(id: number): ValueType {
    return TYPE_NAMES[this.table.type(id)]!;
  }

  /** A live key's whole value. */
  valueOf(id: number): Value {
    const type = this.table.type(id);
    if (type === STRING) return { type: 'string', data: this.table.string(id) };
    const data = this.table.object(id);
    return type === ZSET ? { type: 'zset', data: data as SortedSet } : { type: 'set', data: data as Set<string> };
  }

  /** The value if the key holds that type, undefined if it is missing; WRONGTYPE otherwise. */
  read<T extends ValueType>(key: string, type: T): DataOf<T> | undefined {
    const id = this.lookup(key);
    if (id < 0) return undefined;
    if (this.table.type(id) !== TYPE_CODES[type]) throw wrongType();
    return (type === 'string' ? this.table.string(id) : this.table.object(id)) as DataOf<T>;
  }

  /** The set at `key`, created empty when missing (the caller fills it before returning). */
  readOrCreateSet(key: string): Set<string> {
    const existing = this.read(key, 'set');
    if (existing) return existing;
    const data = new Set<string>();
    this.write(key, { type: 'set', data }, undefined);
    return data;
  }

  /** Sets a key; an existing key keeps its place in SCAN order, as it keeps its bucket in Redis. */
  write(key: string, value: Value, expiresAt: number | undefined): void {
    // A key whose time has passed is gone first: written again, it is a new key (a new SCAN place).
    this.lookup(key);
    if (value.type === 'string') this.table.putString(key, value.data, expiresAt);
    else this.table.putObject(key, TYPE_CODES[value.type], value.data, expiresAt);
    this.revision++;
    this.journal?.(fullOp(key, value, expiresAt));
  }

  /** A new expiry for a live key. */
  expire(key: string, id: number, at: number): void {
    this.table.setExpiresAt(id, at);
    this.revision++;
    this.journal?.(['pexpireat', key, at]);
  }

  /** Members just given a score in the live sorted set at `key` (score then member, as ZADD takes them). */
  scoresChanged(key: string, changed: string[]): void {
    if (changed.length === 0) return;
    this.revision++;
    this.journal?.(['zadd', key, ...changed]);
  }

  /** Members just added to (or removed from) the live set at `key`. */
  membersChanged(op: 'sadd' | 'srem' | 'zrem', key: string, members: string[]): void {
    if (members.length === 0) return;
    this.revision++;
    this.journal?.([op, key, ...members]);
  }

  delete(key: string): boolean {
    const id = this.lookup(key);
    if (id < 0) return false;
    this.table.delete(id);
    this.revision++;
    this.journal?.(['del', key]);
    return true;
  }

  /** Drops a set that a removal left empty: Redis never keeps empty sets. */
  dropIfEmpty(key: string, size: number): void {
    if (size === 0) this.delete(key);
  }

  sweep(): number {
    const removed = this.sweepRange(0, this.table.idBound);
    this.sweepAt = 0;
    return removed;
  }

  /** Deletes the keys past their time among ids [from, to). */
  private sweepRange(from: number, to: number): number {
    const table = this.table;
    const now = this.now();
    let removed = 0;
    for (let id = from; id < to; id++) {
      if (table.type(id) !== 0 && this.expired(id, now)) {
        table.delete(id);
        removed++;
      }
    }
    if (removed > 0) this.revision++;
    return removed;
  }

  rememberScan(cursor: number, state: { id: number; seq: number }): void {
    this.scanCursors.set(cursor, state);
    // A client that never finishes its SCAN leaves its place here: keep only the latest few.
    if (this.scanCursors.size > 16) this.scanCursors.delete(this.scanCursors.keys().next().value as number);
  }

  /**
   * Looks at up to `budget` ids from where the last call stopped, deleting keys whose time has
   * passed, so a big keyspace is swept a slice at a time instead of in one long pause.
   */
  sweepStep(budget: number): number {
    const bound = this.table.idBound;
    const from = Math.min(this.sweepAt, bound);
    const to = Math.min(bound, from + budget);
    const removed = this.sweepRange(from, to);
    this.sweepAt = to >= bound ? 0 : to;
    return removed;
  }

  clear(): void {
    this.table.clear();
    this.sweepAt = 0;
    this.scanCursors.clear();
    this.revision++;
    this.journal?.(['flush']);
  }

  /**
   * Applies a journal op as it was recorded, without the clock: whether a key had expired is
   * decided once, after the whole replay (see `Engine.finishReplay`). An op on a key that is
   * missing or of the other type is skipped: that only happens when a snapshot taken during
   * compaction already holds a later state of the key than the op saw.
   */
  apply(op: JournalOp): void {
    const table = this.table;
    const id = op[0] === 'flush' || op[0] === 'set' ? -1 : table.find(op[1]);
    switch (op[0]) {
      case 'set':
        table.putString(op[1], op[2], op[3] ?? undefined);
        break;
      case 'sset':
        table.putObject(op[1], SET, new Set(op[2]), op[3] ?? undefined);
        break;
      case 'sadd':
        if (id >= 0 && table.type(id) === SET) {
          const set = table.object(id) as Set<string>;
          for (let i = 2; i < op.length; i++) set.add(op[i] as string);
        }
        break;
      case 'srem':
        if (id >= 0 && table.type(id) === SET) {
          const set = table.object(id) as Set<string>;
          for (let i = 2; i < op.length; i++) set.delete(op[i] as string);
          if (set.size === 0) table.delete(id);
        }
        break;
      case 'zset': {
        const data = new SortedSet();
        for (const [member, score] of op[2]) data.set(member, parseScore(score) ?? 0);
        table.putObject(op[1], ZSET, data, op[3] ?? undefined);
        break;
      }
      case 'zadd':
        if (id >= 0 && table.type(id) === ZSET) {
          const zset = table.object(id) as SortedSet;
          for (let i = 2; i + 1 < op.length; i += 2) zset.set(op[i + 1] as string, parseScore(op[i] as string) ?? 0);
        }
        break;
      case 'zrem':
        if (id >= 0 && table.type(id) === ZSET) {
          const zset = table.object(id) as SortedSet;
          for (let i = 2; i < op.length; i++) zset.delete(op[i] as string);
          if (zset.size === 0) table.delete(id);
        }
        break;
      case 'pexpireat':
        if (id >= 0) table.setExpiresAt(id, op[2]);
        break;
      case 'del':
        if (id >= 0) table.delete(id);
        break;
      case 'flush':
        table.clear();
        break;
    }
    this.revision++;
  }

  /** Deletes what a replay left that Redis would not hold: keys past their time, empty sets. */
  dropDead(): number {
    const table = this.table;
    const now = this.now();
    let dropped = 0;
    for (let id = 0; id < table.idBound; id++) {
      const type = table.type(id);
      if (type === 0) continue;
      if (this.expired(id, now) || (type !== STRING && table.object(id).size === 0)) {
        table.delete(id);
        dropped++;
      }
    }
    return dropped;
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

// ---- strings and expiry options ------------------------------------------------------------

type ExpireKind = 'ex' | 'px' | 'exat' | 'pxat';

interface SetOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  expire: { kind: ExpireKind; text: string } | undefined;
}

/** Redis's `parseExtendedStringArgumentsOrReply` as SET uses it: the same expiry word may repeat, the last one counts. */
function parseSetOptions(a: Args): SetOptions {
  const o: SetOptions = { nx: false, xx: false, get: false, keepTtl: false, expire: undefined };
  for (let j = 3; j < a.length; j++) {
    const opt = a.at(j).toLowerCase();
    const hasNext = j < a.length - 1;
    if (opt === 'nx' && !o.xx) o.nx = true;
    else if (opt === 'xx' && !o.nx) o.xx = true;
    else if (opt === 'get') o.get = true;
    else if (opt === 'keepttl' && !o.expire) o.keepTtl = true;
    else if (
      (opt === 'ex' || opt === 'px' || opt === 'exat' || opt === 'pxat') &&
      !o.keepTtl &&
      (o.expire === undefined || o.expire.kind === opt) &&
      hasNext
    ) {
      o.expire = { kind: opt, text: a.at(++j) };
    } else throw syntaxError();
  }
  return o;
}

/** Redis's `getExpireMillisecondsOrReply`: a positive time that fits 64 bits, as absolute ms. */
function expireAt(db: Keyspace, text: string, kind: ExpireKind): number {
  const value = toInt(text);
  const seconds = kind === 'ex' || kind === 'exat';
  if (value <= 0n || (seconds && value > LLONG_MAX / 1000n)) throw invalidExpireTime('set');
  let ms = seconds ? value * 1000n : value;
  if (kind === 'ex' || kind === 'px') ms += BigInt(db.now());
  if (ms > LLONG_MAX) throw invalidExpireTime('set');
  return Number(ms);
}

function set(db: Keyspace, a: Args): Reply {
  const o = parseSetOptions(a);
  const key = a.at(1);
  const at = o.expire ? expireAt(db, o.expire.text, o.expire.kind) : undefined;
  const previous = o.get ? (db.read(key, 'string') ?? null) : null;
  const existing = db.lookup(key);
  if ((o.nx && existing >= 0) || (o.xx && existing < 0)) return o.get ? previous : null;
  const keep = o.keepTtl && existing >= 0 ? db.table.expiresAt(existing) : undefined;
  db.write(key, { type: 'string', data: a.at(2) }, at ?? keep);
  return o.get ? previous : 'OK';
}

function incr(db: Keyspace, key: string): Reply {
  const id = db.lookup(key);
  if (id >= 0 && db.table.type(id) !== STRING) throw wrongType();
  const current = id >= 0 ? parseInteger(db.table.string(id)) : 0n;
  if (current === undefined) throw notInteger();
  const next = current + 1n;
  if (next > LLONG_MAX) throw new ReplyError('ERR increment or decrement would overflow');
  // INCR changes the value in place: the key keeps its time to live.
  db.write(key, { type: 'string', data: next.toString() }, id >= 0 ? db.table.expiresAt(id) : undefined);
  return Number(next);
}

// ---- generic key commands -----------------------------------------------------------------

/** PEXPIRE key ms [NX | XX | GT | LT], as Redis's `expireGenericCommand` runs it for a relative time in ms. */
function pexpire(db: Keyspace, a: Args): Reply {
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
  const when = toInt(a.at(2));
  const base = BigInt(db.now());
  if (when > LLONG_MAX - base) throw invalidExpireTime('pexpire');
  const at = Number(when + base);
  const id = db.lookup(a.at(1));
  if (id < 0) return 0;
  const current = db.table.expiresAt(id);
  if (flags.nx && current !== undefined) return 0;
  if (flags.xx && current === undefined) return 0;
  // A key without a TTL counts as living forever: GT never beats it, LT always does.
  if (flags.gt && (current === undefined || at <= current)) return 0;
  if (flags.lt && current !== undefined && at >= current) return 0;
  if (at <= db.now()) {
    db.delete(a.at(1));
  } else {
    db.expire(a.at(1), id, at);
  }
  return 1;
}

function pttl(db: Keyspace, key: string): Reply {
  const id = db.lookup(key);
  if (id < 0) return -2;
  const at = db.table.expiresAt(id);
  if (at === undefined) return -1;
  return Math.max(0, at - db.now());
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
  // Creation numbers stay below 2^53, so comparing with the cursor as a Number is exact enough.
  const after = Number(cursor);
  const table = db.table;
  // The walk goes in creation order, so it resumes at the key the previous call of the same
  // iteration read but did not return; if that key is gone, it skips from the start to the cursor.
  const resumed = after > 0 ? db.scanCursors.get(after) : undefined;
  db.scanCursors.delete(after);
  let id = resumed && table.isLive(resumed.id) && table.seq(resumed.id) === resumed.seq ? resumed.id : table.first();
  while (id >= 0) {
    const seq = table.seq(id);
    const next = table.after(id);
    if (seq > after) {
      if (visited === count) {
        db.rememberScan(last, { id, seq });
        return [String(last), keys];
      }
      visited++;
      last = seq;
      const key = table.key(id);
      // Looked up again: a key past its time is deleted here (`next` was read before).
      const live = db.lookup(key);
      if (live >= 0 && (!matches || matches(key)) && (type === undefined || db.typeOf(live) === type)) keys.push(key);
    }
    id = next;
  }
  return ['0', keys];
}

// ---- sets: SRANDMEMBER (bounded reads of a set of any size) ---------------------------------

function srandmember(db: Keyspace, a: Args): Reply {
  if (a.length > 3) throw syntaxError();
  if (a.length === 2) {
    const set = db.read(a.at(1), 'set');
    if (!set) return null;
    return [...set][Math.floor(Math.random() * set.size)] ?? null;
  }
  const n = toInt(a.at(2));
  if (n === LLONG_MIN) throw new ReplyError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  const set = db.read(a.at(1), 'set');
  if (!set || n === 0n) return [];
  const members = [...set];
  if (n > 0n) {
    // Distinct members, up to the count: any `count` of them is a valid answer.
    return n >= BigInt(members.length) ? members : members.slice(0, Number(n));
  }
  const picks: string[] = [];
  const count = -n > 1_000_000n ? 1_000_000 : Number(-n);
  for (let i = 0; i < count; i++) picks.push(members[Math.floor(Math.random() * members.length)]!);
  return picks;
}

// ---- sorted sets ----------------------------------------------------------------------------

const notFloat = () => new ReplyError('ERR value is not a valid float');

/** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], as Redis 7's `zaddGenericCommand`. */
function zadd(db: Keyspace, a: Args): Reply {
  const o = { nx: false, xx: false, gt: false, lt: false, ch: false, incr: false };
  let i = 2;
  for (; i < a.length; i++) {
    const opt = a.at(i).toLowerCase();
    if (opt === 'nx' || opt === 'xx' || opt === 'gt' || opt === 'lt' || opt === 'ch' || opt === 'incr') o[opt] = true;
    else break;
  }
  const elements = a.length - i;
  if (elements === 0 || elements % 2 !== 0) throw syntaxError();
  if (o.nx && o.xx) throw new ReplyError('ERR XX and NX options at the same time are not compatible');
  if ((o.gt && o.nx) || (o.lt && o.nx) || (o.gt && o.lt)) {
    throw new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (o.incr && elements > 2) throw new ReplyError('ERR INCR option supports a single increment-element pair');
  const pairs: Array<[number, string]> = [];
  for (let j = i; j < a.length; j += 2) {
    const score = parseScore(a.at(j));
    if (score === undefined) throw notFloat();
    pairs.push([score, a.at(j + 1)]);
  }
  let zset = db.read(a.at(1), 'zset');
  if (!zset) {
    if (o.xx) return o.incr ? null : 0;
    zset = new SortedSet();
    db.write(a.at(1), { type: 'zset', data: zset }, undefined);
  }
  let added = 0;
  let updated = 0;
  let processed = 0;
  let last = 0;
  const changed: string[] = [];
  for (const [given, member] of pairs) {
    let score = given;
    const current = zset.scores.get(member);
    if (current !== undefined) {
      if (o.nx) continue;
      if (o.incr) {
        score += current;
        if (Number.isNaN(score)) {
          db.dropIfEmpty(a.at(1), zset.size);
          throw new ReplyError('ERR resulting score is not a number (NaN)');
        }
      }
      if ((o.lt && score >= current) || (o.gt && score <= current)) continue;
      processed++;
      last = score;
      if (score !== current) {
        zset.set(member, score);
        changed.push(formatScore(score), member);
        updated++;
      }
    } else {
      if (o.xx) continue;
      zset.set(member, score);
      changed.push(formatScore(score), member);
      added++;
      processed++;
      last = score;
    }
  }
  db.scoresChanged(a.at(1), changed);
  if (o.incr) return processed > 0 ? formatScore(last) : null;
  return o.ch ? added + updated : added;
}

function zrem(db: Keyspace, a: Args): Reply {
  const zset = db.read(a.at(1), 'zset');
  if (!zset) return 0;
  const removed = a.from(2).filter((member) => zset.delete(member));
  db.membersChanged('zrem', a.at(1), removed);
  db.dropIfEmpty(a.at(1), zset.size);
  return removed.length;
}

const inScoreRange = (score: number, min: ScoreBound, max: ScoreBound) =>
  (min.exclusive ? score > min.value : score >= min.value) && (max.exclusive ? score < max.value : score <= max.value);

function aboveLexMin(member: string, min: LexBound): boolean {
  if (min.kind === 'min') return true;
  if (min.kind === 'max') return false;
  const c = compareMembers(member, min.value);
  return min.exclusive ? c > 0 : c >= 0;
}

function belowLexMax(member: string, max: LexBound): boolean {
  if (max.kind === 'max') return true;
  if (max.kind === 'min') return false;
  const c = compareMembers(member, max.value);
  return max.exclusive ? c < 0 : c <= 0;
}

/** ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES], as Redis 7's `zrangeGenericCommand`. */
function zrange(db: Keyspace, a: Args): Reply {
  let withScores = false;
  let rev = false;
  let by: 'rank' | 'score' | 'lex' | undefined;
  let offset = 0n;
  let limit = -1n;
  for (let j = 4; j < a.length; j++) {
    const left = a.length - j - 1;
    if (a.is(j, 'withscores')) withScores = true;
    else if (a.is(j, 'limit') && left >= 2) {
      offset = toInt(a.at(j + 1));
      limit = toInt(a.at(j + 2));
      j += 2;
    } else if (!rev && a.is(j, 'rev')) rev = true;
    else if (by === undefined && a.is(j, 'bylex')) by = 'lex';
    else if (by === undefined && a.is(j, 'byscore')) by = 'score';
    else throw syntaxError();
  }
  by ??= 'rank';
  if (limit !== -1n && by === 'rank') {
    throw new ReplyError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withScores && by === 'lex') throw new ReplyError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  // REV with BYSCORE or BYLEX takes the range as max, min.
  const [minText, maxText] = rev && by !== 'rank' ? [a.at(3), a.at(2)] : [a.at(2), a.at(3)];
  let pick: (members: readonly string[], zset: SortedSet) => string[];
  if (by === 'rank') {
    const start = toInt(minText);
    const stop = toInt(maxText);
    pick = (members) => {
      const n = BigInt(members.length);
      let from = start < 0n ? n + start : start;
      let to = stop < 0n ? n + stop : stop;
      if (from < 0n) from = 0n;
      if (from > to || from >= n) return [];
      if (to >= n) to = n - 1n;
      const ordered = rev ? [...members].reverse() : members;
      return ordered.slice(Number(from), Number(to) + 1);
    };
  } else {
    let inRange: (member: string, zset: SortedSet) => boolean;
    if (by === 'score') {
      const min = parseScoreBound(minText);
      const max = parseScoreBound(maxText);
      if (!min || !max) throw new ReplyError('ERR min or max is not a float');
      inRange = (member, zset) => inScoreRange(zset.score(member), min, max);
    } else {
      const min = parseLexBound(minText);
      const max = parseLexBound(maxText);
      if (!min || !max) throw new ReplyError('ERR min or max not valid string range item');
      inRange = (member) => aboveLexMin(member, min) && belowLexMax(member, max);
    }
    pick = (members, zset) => {
      // A negative offset gives nothing; a negative count means "all the rest".
      if (offset < 0n) return [];
      const ordered = rev ? [...members].reverse() : members;
      const found: string[] = [];
      let skip = offset;
      for (const member of ordered) {
        if (!inRange(member, zset)) continue;
        if (skip > 0n) {
          skip--;
          continue;
        }
        if (limit >= 0n && BigInt(found.length) >= limit) break;
        found.push(member);
      }
      return found;
    };
  }
  const zset = db.read(a.at(1), 'zset');
  if (!zset) return [];
  const members = pick(zset.sorted(), zset);
  return withScores ? members.flatMap((member) => [member, formatScore(zset.score(member))]) : members;
}

/** Members whose score is in the range: a count without reading the members (the denylist's size). */
function zcount(db: Keyspace, a: Args): Reply {
  const min = parseScoreBound(a.at(2));
  const max = parseScoreBound(a.at(3));
  if (!min || !max) throw new ReplyError('ERR min or max is not a float');
  const zset = db.read(a.at(1), 'zset');
  if (!zset) return 0;
  let count = 0;
  for (const score of zset.scores.values()) if (inScoreRange(score, min, max)) count += 1;
  return count;
}

function zremrangebyscore(db: Keyspace, a: Args): Reply {
  const min = parseScoreBound(a.at(2));
  const max = parseScoreBound(a.at(3));
  if (!min || !max) throw new ReplyError('ERR min or max is not a float');
  const zset = db.read(a.at(1), 'zset');
  if (!zset) return 0;
  const doomed = zset.sorted().filter((member) => inScoreRange(zset.score(member), min, max));
  for (const member of doomed) zset.delete(member);
  db.membersChanged('zrem', a.at(1), doomed);
  db.dropIfEmpty(a.at(1), zset.size);
  return doomed.length;
}

// ---- the command table ----------------------------------------------------------------------

const HANDLERS: Readonly<Record<string, Handler>> = {
  ping: (_db, a) => {
    if (a.length > 2) throw new ReplyError("ERR wrong number of arguments for 'ping' command");
    return a.length === 2 ? a.at(1) : 'PONG';
  },

  get: (db, a) => db.read(a.at(1), 'string') ?? null,
  set,
  mget: (db, a) =>
    a.from(1).map((key) => {
      const id = db.lookup(key);
      return id >= 0 && db.table.type(id) === STRING ? db.table.string(id) : null;
    }),
  incr: (db, a) => incr(db, a.at(1)),

  del: (db, a) => a.from(1).filter((key) => db.delete(key)).length,
  pexpire,
  pttl: (db, a) => pttl(db, a.at(1)),
  scan,
  dbsize: (db) => {
    db.sweep();
    return db.table.size;
  },
  flushdb: (db, a) => {
    if (a.length > 2 || (a.length === 2 && !a.is(1, 'sync') && !a.is(1, 'async'))) throw syntaxError();
    db.clear();
    return 'OK';
  },

  sadd: (db, a) => {
    const set = db.readOrCreateSet(a.at(1));
    const added: string[] = [];
    for (const member of a.from(2)) {
      if (!set.has(member)) {
        set.add(member);
        added.push(member);
      }
    }
    db.membersChanged('sadd', a.at(1), added);
    return added.length;
  },
  srem: (db, a) => {
    const set = db.read(a.at(1), 'set');
    if (!set) return 0;
    const removed = a.from(2).filter((member) => set.delete(member));
    db.membersChanged('srem', a.at(1), removed);
    db.dropIfEmpty(a.at(1), set.size);
    return removed.length;
  },
  smembers: (db, a) => [...(db.read(a.at(1), 'set') ?? [])],
  scard: (db, a) => db.read(a.at(1), 'set')?.size ?? 0,
  srandmember,

  zadd,
  zrem,
  zcard: (db, a) => db.read(a.at(1), 'zset')?.size ?? 0,
  zcount,
  zscore: (db, a) => {
    const score = db.read(a.at(1), 'zset')?.scores.get(a.at(2));
    return score === undefined ? null : formatScore(score);
  },
  zrange,
  zremrangebyscore,
};

/** The names the engine implements; a test holds them equal to `COMMAND_ARITY`'s. */
export const ENGINE_COMMANDS: readonly string[] = Object.keys(HANDLERS);

export interface EngineOptions {
  /** Defaults to the system clock. */
  clock?: Clock;
}

function toValue(entry: SnapshotEntry): Value {
  if (entry.type === 'string') return { type: 'string', data: entry.value };
  if (entry.type === 'set') return { type: 'set', data: new Set(entry.value) };
  const data = new SortedSet();
  for (const [member, score] of entry.value) {
    const value = parseScore(score);
    // snapshot.ts has validated every score, so this is a snapshot built in code, wrongly.
    if (value === undefined) throw new Error(`snapshot: key ${entry.key} has a score that is not a number`);
    data.set(member, value);
  }
  return { type: 'zset', data };
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

  /** The sweep a slice at a time: looks at up to `budget` keys, continuing where the last call stopped. */
  sweepStep(budget: number): number {
    return this.db.atFixedTime(() => this.db.sweepStep(budget));
  }

  /** Number of keys held, live or not yet swept; cheap, unlike DBSIZE. */
  get size(): number {
    return this.db.table.size;
  }

  /** Every change from now on is handed to `listener` as a journal op; `undefined` stops it. */
  setJournal(listener: ((op: JournalOp) => void) | undefined): void {
    this.db.journal = listener;
  }

  /** Replays journal ops into the keyspace (nothing is journaled meanwhile); call `finishReplay` after the last. */
  applyJournal(ops: readonly JournalOp[]): void {
    const listener = this.db.journal;
    this.db.journal = undefined;
    try {
      for (const op of ops) this.db.apply(op);
    } finally {
      this.db.journal = listener;
    }
  }

  /** After a replay: drops keys whose time passed while the store was down; returns what is left and what went. */
  finishReplay(): { restored: number; expired: number } {
    const expired = this.db.atFixedTime(() => this.db.dropDead());
    return { restored: this.db.table.size, expired };
  }

  /**
   * The live keys as journal ops, one by one, for a snapshot written in slices. The walk goes by
   * id while keys change: a key present for the whole walk keeps its id and is met once; a key
   * written meanwhile is in the journal that follows the snapshot, so nothing is missed.
   */
  *dump(): Generator<JournalOp> {
    const table = this.db.table;
    for (let id = 0; id < table.idBound; id++) {
      if (table.type(id) === 0) continue;
      const expiresAt = table.expiresAt(id);
      if (expiresAt !== undefined && this.clock.now() > expiresAt) continue;
      const value = this.db.valueOf(id);
      if (value.type === 'string' || value.data.size > 0) yield fullOp(table.key(id), value, expiresAt);
    }
  }

  snapshot(): Snapshot {
    const now = this.clock.now();
    const entries: SnapshotEntry[] = [];
    const table = this.db.table;
    for (let id = table.first(); id >= 0; id = table.after(id)) {
      const expiresAt = table.expiresAt(id);
      if (expiresAt !== undefined && now > expiresAt) continue;
      const ttl = expiresAt === undefined ? {} : { expiresAt };
      const key = table.key(id);
      const value = this.db.valueOf(id);
      if (value.type === 'string') entries.push({ key, type: 'string', value: value.data, ...ttl });
      else if (value.type === 'set') entries.push({ key, type: 'set', value: [...value.data], ...ttl });
      else entries.push({ key, type: 'zset', value: [...value.data.scores].map(([m, score]) => [m, formatScore(score)]), ...ttl });
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
      const value = toValue(entry);
      // Redis never holds an empty set, so a file can't bring one back.
      if (value.type !== 'string' && value.data.size === 0) continue;
      this.db.write(entry.key, value, entry.expiresAt);
    }
    return { restored: this.db.table.size, expired };
  }
}
