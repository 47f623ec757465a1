// The keyspace's index and its strings, kept off the JavaScript heap: typed-array columns and byte arenas.
// Runtime: Node (store process). Why: at a million sessions (~2.26M keys) the heap held several million
// small objects (a key string, a value string and an entry object per key, plus Map slots), and V8's
// major GC had to mark them all; on a busy machine that marking stopped serving for 300-400 ms.
// Here a key costs no heap object at all: its key and string value are bytes in 1 MiB arenas, its
// type, expiry, creation number and links are numbers in typed arrays. Only sets and sorted sets
// stay JavaScript objects (one per key), referenced from a column.
//
// Nothing here grows in one long step: the columns grow by 64K-entry pages, the hash index is 1024
// small tables that each double on their own, and an arena whose records are mostly dead is copied
// (at most 1 MiB) into the current one and reused.

/** A key's type: 0 is a free id. */
export const STRING = 1;
export const SET = 2;
export const ZSET = 3;
export type KeyType = typeof STRING | typeof SET | typeof ZSET;

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;
const SHARD_BITS = 10;
const SHARD_MASK = (1 << SHARD_BITS) - 1;
const FIRST_BUCKETS = 8;
/** A record: id (u32), key length word, value length word, then the key's bytes and the value's. */
const HEADER = 12;
/** A length word's top bit: the text is stored as UTF-16 code units, not one byte per character. */
const WIDE = 0x80000000;
const LENGTH_MASK = 0x7fffffff;

/**
 * FNV-1a over the UTF-16 code units, then Murmur3's finalizer so that the low bits (the shard) and
 * the next ones (the bucket) are both well mixed.
 */
export function hashKey(key: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** True when some code unit is above 255: the text can't be stored as one byte per character. */
function isWide(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 255) return true;
  return false;
}

/** The length word of `text`: its byte length, and WIDE when it is kept as UTF-16 (exact, lone surrogates too). */
function lengthWord(text: string): number {
  return isWide(text) ? (text.length * 2) | WIDE : text.length;
}

function writeText(buffer: Buffer, text: string, word: number, at: number): void {
  const bytes = word & LENGTH_MASK;
  if (bytes > 0) buffer.write(text, at, bytes, word & WIDE ? 'utf16le' : 'latin1');
}

function readText(buffer: Buffer, word: number, at: number): string {
  const bytes = word & LENGTH_MASK;
  return bytes === 0 ? '' : buffer.toString(word & WIDE ? 'utf16le' : 'latin1', at, at + bytes);
}

/**
 * A string-keyed table of keys with a type, an optional expiry, a creation number, and either a
 * string value (kept in the arena) or an object (`O`: a set or sorted set). Keys are addressed by a
 * numeric id, valid until the key is deleted (ids are then reused). `first` / `after` walk the
 * keys in creation order; an overwrite keeps a key's place and its creation number.
 */
export class KeyTable<O> {
  static readonly ARENA_BYTES = 1024 * 1024;

  private count = 0;
  /** Ids handed out so far (free ones included): ids are below this. */
  private idLimit = 0;
  private freeIds: number[] = [];
  private types: Uint8Array[] = [];
  private hashes: Int32Array[] = [];
  /** The next id in the same hash bucket, or -1. */
  private chains: Int32Array[] = [];
  /** Creation order, as a doubly linked list. */
  private prevs: Int32Array[] = [];
  private nexts: Int32Array[] = [];
  private seqs: Float64Array[] = [];
  /** Absolute expiry in ms; NaN: none. */
  private expiries: Float64Array[] = [];
  private recArenas: Int32Array[] = [];
  private recOffsets: Uint32Array[] = [];
  private objects: (O | undefined)[][] = [];
  private head = -1;
  private tail = -1;
  private nextSeq = 1;

  /** The hash index: shard (low bits of the hash) → bucket heads; each shard doubles on its own. */
  private buckets: Int32Array[] = [];
  private shardCounts = new Int32Array(1 << SHARD_BITS);

  private arenas: (Buffer | undefined)[] = [];
  private arenaUsed: number[] = [];
  private arenaGarbage: number[] = [];
  /** Standard-size arenas emptied by compaction, ready to be written again; and unused arena numbers. */
  private freeArenas: number[] = [];
  private freeArenaSlots: number[] = [];
  private current = -1;
  /** A probe key's bytes, for comparing with stored keys. */
  private scratch = Buffer.allocUnsafeSlow(1024);

  constructor() {
    this.resetIndex();
  }

  private resetIndex(): void {
    this.buckets = Array.from({ length: 1 << SHARD_BITS }, () => new Int32Array(FIRST_BUCKETS).fill(-1));
    this.shardCounts = new Int32Array(1 << SHARD_BITS);
  }

  get size(): number {
    return this.count;
  }

  /** Ids are below this; with `type(id) === 0` an id is free. For walks that need no order. */
  get idBound(): number {
    return this.idLimit;
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The key's id, or -1. */
  find(key: string): number {
    return key === this.lastKey ? this.lastId : this.findHashed(key, hashKey(key));
  }

  /**
   * The last key found and its id: a command usually looks a key up and then writes it (SET looks
   * twice). Forgotten when that key is deleted or the table cleared; a miss (-1) is never kept.
   */
  private lastKey: string | undefined;
  private lastId = -1;

  private findHashed(key: string, h: number): number {
    const heads = this.buckets[h & SHARD_MASK]!;
    let id = heads[(h >>> SHARD_BITS) & (heads.length - 1)]!;
    let word = -1;
    while (id >= 0) {
      const p = id >>> PAGE_BITS;
      const i = id & PAGE_MASK;
      if (this.hashes[p]![i] === h) {
        if (word === -1) word = lengthWord(key);
        const arena = this.arenas[this.recArenas[p]![i]!]!;
        const at = this.recOffsets[p]![i]!;
        if (arena.readUInt32LE(at + 4) === word >>> 0 && this.sameText(key, word, arena, at + HEADER)) {
          this.lastKey = key;
          this.lastId = id;
          return id;
        }
      }
      id = this.chains[p]![i]!;
    }
    return -1;
  }

  /** True when the stored text at `at` is `key` (whose length word, equal to the stored one, is `word`). */
  private sameText(key: string, word: number, arena: Buffer, at: number): boolean {
    if ((word & WIDE) === 0) {
      // One byte per character: compared here, cheaper than a call into C++ for a short key.
      for (let j = 0; j < key.length; j++) if (arena[at + j] !== key.charCodeAt(j)) return false;
      return true;
    }
    const bytes = word & LENGTH_MASK;
    if (this.scratch.length < bytes) this.scratch = Buffer.allocUnsafeSlow(Math.max(bytes, this.scratch.length * 2));
    writeText(this.scratch, key, word, 0);
    return this.scratch.compare(arena, at, at + bytes, 0, bytes) === 0;
  }

  /** True when `id` names a key now (ids of deleted keys are reused, so check `seq` too when that matters). */
  isLive(id: number): boolean {
    return id >= 0 && id < this.idLimit && this.types[id >>> PAGE_BITS]![id & PAGE_MASK] !== 0;
  }

  type(id: number): number {
    return this.types[id >>> PAGE_BITS]![id & PAGE_MASK]!;
  }

  seq(id: number): number {
    return this.seqs[id >>> PAGE_BITS]![id & PAGE_MASK]!;
  }

  expiresAt(id: number): number | undefined {
    const at = this.expiries[id >>> PAGE_BITS]![id & PAGE_MASK]!;
    return Number.isNaN(at) ? undefined : at;
  }

  setExpiresAt(id: number, at: number | undefined): void {
    this.expiries[id >>> PAGE_BITS]![id & PAGE_MASK] = at ?? NaN;
  }

  key(id: number): string {
    const p = id >>> PAGE_BITS;
    const i = id & PAGE_MASK;
    const arena = this.arenas[this.recArenas[p]![i]!]!;
    const at = this.recOffsets[p]![i]!;
    return readText(arena, arena.readUInt32LE(at + 4), at + HEADER);
  }

  /** A string key's value. */
  string(id: number): string {
    const p = id >>> PAGE_BITS;
    const i = id & PAGE_MASK;
    const arena = this.arenas[this.recArenas[p]![i]!]!;
    const at = this.recOffsets[p]![i]!;
    const keyWord = arena.readUInt32LE(at + 4);
    return readText(arena, arena.readUInt32LE(at + 8), at + HEADER + (keyWord & LENGTH_MASK));
  }

  /** A set's or sorted set's object. */
  object(id: number): O {
    return this.objects[id >>> PAGE_BITS]![id & PAGE_MASK]!;
  }

  /** The oldest key's id, or -1. */
  first(): number {
    return this.head;
  }

  /** The id created after `id` (still present), or -1. */
  after(id: number): number {
    return this.nexts[id >>> PAGE_BITS]![id & PAGE_MASK]!;
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Sets `key` to a string value; an existing key keeps its place and creation number. Returns its id. */
  putString(key: string, value: string, expiresAt: number | undefined): number {
    return this.put(key, STRING, value, undefined, expiresAt);
  }

  /** Sets `key` to a set or sorted set (`type` says which). Returns its id. */
  putObject(key: string, type: typeof SET | typeof ZSET, object: O, expiresAt: number | undefined): number {
    return this.put(key, type, '', object, expiresAt);
  }

  private put(key: string, type: KeyType, value: string, object: O | undefined, expiresAt: number | undefined): number {
    let id = key === this.lastKey ? this.lastId : -1;
    if (id < 0) {
      const h = hashKey(key);
      id = this.findHashed(key, h);
      if (id < 0) {
        id = this.allocateId();
        this.link(id, h);
        this.lastKey = key;
        this.lastId = id;
      }
    }
    if (this.recArenas[id >>> PAGE_BITS]![id & PAGE_MASK]! >= 0) this.releaseRecord(id);
    const p = id >>> PAGE_BITS;
    const i = id & PAGE_MASK;
    this.types[p]![i] = type;
    this.expiries[p]![i] = expiresAt ?? NaN;
    this.objects[p]![i] = object;
    this.writeRecord(id, key, value);
    return id;
  }

  /** Deletes the key with this id; the id may be handed out again. */
  delete(id: number): void {
    if (id === this.lastId) this.lastKey = undefined;
    const p = id >>> PAGE_BITS;
    const i = id & PAGE_MASK;
    // Out of its hash bucket.
    const h = this.hashes[p]![i]!;
    const s = h & SHARD_MASK;
    const heads = this.buckets[s]!;
    const b = (h >>> SHARD_BITS) & (heads.length - 1);
    let at = heads[b]!;
    let before = -1;
    while (at !== id) {
      before = at;
      at = this.chains[at >>> PAGE_BITS]![at & PAGE_MASK]!;
    }
    const after = this.chains[p]![i]!;
    if (before < 0) heads[b] = after;
    else this.chains[before >>> PAGE_BITS]![before & PAGE_MASK] = after;
    this.shardCounts[s]!--;
    // Out of the creation order.
    const prev = this.prevs[p]![i]!;
    const next = this.nexts[p]![i]!;
    if (prev < 0) this.head = next;
    else this.nexts[prev >>> PAGE_BITS]![prev & PAGE_MASK] = next;
    if (next < 0) this.tail = prev;
    else this.prevs[next >>> PAGE_BITS]![next & PAGE_MASK] = prev;
    this.releaseRecord(id);
    this.types[p]![i] = 0;
    this.objects[p]![i] = undefined;
    this.freeIds.push(id);
    this.count--;
  }

  /** Drops every key and all memory held for them. */
  clear(): void {
    this.lastKey = undefined;
    this.count = 0;
    this.idLimit = 0;
    this.freeIds = [];
    this.types = [];
    this.hashes = [];
    this.chains = [];
    this.prevs = [];
    this.nexts = [];
    this.seqs = [];
    this.expiries = [];
    this.recArenas = [];
    this.recOffsets = [];
    this.objects = [];
    this.head = -1;
    this.tail = -1;
    this.arenas = [];
    this.arenaUsed = [];
    this.arenaGarbage = [];
    this.freeArenas = [];
    this.freeArenaSlots = [];
    this.current = -1;
    this.resetIndex();
  }

  /** Bytes held for keys and string values (live or awaiting reuse), for tests and measurements. */
  arenaBytes(): number {
    let total = 0;
    for (const arena of this.arenas) total += arena?.length ?? 0;
    return total;
  }

  /**
   * For tests: the live bytes as the arenas' counters say (used minus garbage), and as found by
   * walking every record and keeping those their id still points at. Equal unless accounting broke.
   */
  auditArenas(): { counted: number; found: number } {
    let counted = 0;
    let found = 0;
    for (const [a, arena] of this.arenas.entries()) {
      if (!arena) continue;
      counted += this.arenaUsed[a]! - this.arenaGarbage[a]!;
      for (let at = 0; at < this.arenaUsed[a]!;) {
        const size = this.recordSize(arena, at);
        const id = arena.readUInt32LE(at);
        if (
          id < this.idLimit &&
          this.recArenas[id >>> PAGE_BITS]![id & PAGE_MASK] === a &&
          this.recOffsets[id >>> PAGE_BITS]![id & PAGE_MASK] === at
        ) {
          found += size;
        }
        at += size;
      }
    }
    return { counted, found };
  }

  // ---- internals -----------------------------------------------------------------------------

  /** A free id, pointing at no record yet. */
  private allocateId(): number {
    const reused = this.freeIds.pop();
    const id = reused ?? this.idLimit++;
    if (reused === undefined && (id & PAGE_MASK) === 0) {
      // A new page for every column: a few MB allocated at once, never a copy of what exists.
      this.types.push(new Uint8Array(PAGE));
      this.hashes.push(new Int32Array(PAGE));
      this.chains.push(new Int32Array(PAGE));
      this.prevs.push(new Int32Array(PAGE));
      this.nexts.push(new Int32Array(PAGE));
      this.seqs.push(new Float64Array(PAGE));
      this.expiries.push(new Float64Array(PAGE));
      this.recArenas.push(new Int32Array(PAGE));
      this.recOffsets.push(new Uint32Array(PAGE));
      this.objects.push(new Array<O | undefined>(PAGE).fill(undefined));
    }
    this.recArenas[id >>> PAGE_BITS]![id & PAGE_MASK] = -1;
    return id;
  }

  /** Puts a new id into the hash index and at the end of the creation order. */
  private link(id: number, h: number): void {
    const p = id >>> PAGE_BITS;
    const i = id & PAGE_MASK;
    this.hashes[p]![i] = h;
    const s = h & SHARD_MASK;
    let heads = this.buckets[s]!;
    if (this.shardCounts[s]! >= heads.length) heads = this.growShard(s);
    const b = (h >>> SHARD_BITS) & (heads.length - 1);
    this.chains[p]![i] = heads[b]!;
    heads[b] = id;
    this.shardCounts[s]!++;
    this.seqs[p]![i] = this.nextSeq++;
    this.prevs[p]![i] = this.tail;
    this.nexts[p]![i] = -1;
    if (this.tail < 0) this.head = id;
    else this.nexts[this.tail >>> PAGE_BITS]![this.tail & PAGE_MASK] = id;
    this.tail = id;
    this.count++;
  }

  /** Doubles one shard's buckets: relinks that shard's keys only (about 1/1024 of them). */
  private growShard(s: number): Int32Array {
    const old = this.buckets[s]!;
    const heads = new Int32Array(old.length * 2).fill(-1);
    const mask = heads.length - 1;
    for (let b = 0; b < old.length; b++) {
      let id = old[b]!;
      while (id >= 0) {
        const p = id >>> PAGE_BITS;
        const i = id & PAGE_MASK;
        const next = this.chains[p]![i]!;
        const nb = (this.hashes[p]![i]! >>> SHARD_BITS) & mask;
        this.chains[p]![i] = heads[nb]!;
        heads[nb] = id;
        id = next;
      }
    }
    this.buckets[s] = heads;
    return heads;
  }

  private writeRecord(id: number, key: string, value: string): void {
    const keyWord = lengthWord(key);
    const valueWord = lengthWord(value);
    const size = HEADER + (keyWord & LENGTH_MASK) + (valueWord & LENGTH_MASK);
    const a = this.reserve(size);
    const arena = this.arenas[a]!;
    const at = this.arenaUsed[a]!;
    arena.writeUInt32LE(id, at);
    arena.writeUInt32LE(keyWord >>> 0, at + 4);
    arena.writeUInt32LE(valueWord >>> 0, at + 8);
    writeText(arena, key, keyWord, at + HEADER);
    writeText(arena, value, valueWord, at + HEADER + (keyWord & LENGTH_MASK));
    this.arenaUsed[a] = at + size;
    this.recArenas[id >>> PAGE_BITS]![id & PAGE_MASK] = a;
    this.recOffsets[id >>> PAGE_BITS]![id & PAGE_MASK] = at;
  }

  /**
   * An arena with `size` bytes free at its end: the current one, else a reused or new one. The arena
   * left behind is compacted at once if it is mostly dead (overwrites land in the current arena).
   */
  private reserve(size: number): number {
    for (;;) {
      const current = this.current;
      if (current >= 0 && this.arenaUsed[current]! + size <= this.arenas[current]!.length) return current;
      // A record larger than an arena (a value near the 1 MiB body limit) gets one of its own.
      if (size > KeyTable.ARENA_BYTES) return this.newArena(Buffer.allocUnsafeSlow(size));
      this.current = this.freeArenas.pop() ?? this.newArena(Buffer.allocUnsafeSlow(KeyTable.ARENA_BYTES));
      if (current >= 0 && this.arenaGarbage[current]! * 2 > this.arenaUsed[current]!) this.compactArena(current);
    }
  }

  private newArena(buffer: Buffer): number {
    const slot = this.freeArenaSlots.pop() ?? this.arenas.length;
    this.arenas[slot] = buffer;
    this.arenaUsed[slot] = 0;
    this.arenaGarbage[slot] = 0;
    return slot;
  }

  private recordSize(arena: Buffer, at: number): number {
    return HEADER + (arena.readUInt32LE(at + 4) & LENGTH_MASK) + (arena.readUInt32LE(at + 8) & LENGTH_MASK);
  }

  /**
   * The id's record is no longer needed: the id points at none (so a compaction before its next
   * record is written can't take the dead one for live), and an arena now mostly dead is compacted.
   */
  private releaseRecord(id: number): void {
    const p = id >>> PAGE_BITS;
    const i = id & PAGE_MASK;
    const a = this.recArenas[p]![i]!;
    this.recArenas[p]![i] = -1;
    const garbage = (this.arenaGarbage[a] = this.arenaGarbage[a]! + this.recordSize(this.arenas[a]!, this.recOffsets[p]![i]!));
    if (a !== this.current && garbage * 2 > this.arenaUsed[a]!) this.compactArena(a);
  }

  /**
   * Copies the live records of arena `a` into the current one (at most 1 MiB: well under a
   * millisecond), then keeps `a` for reuse. A record is live while its id still points at it.
   */
  private compactArena(a: number): void {
    const arena = this.arenas[a]!;
    const used = this.arenaUsed[a]!;
    for (let at = 0; at < used;) {
      const size = this.recordSize(arena, at);
      const id = arena.readUInt32LE(at);
      const p = id >>> PAGE_BITS;
      const i = id & PAGE_MASK;
      const live = id < this.idLimit && this.recArenas[p]![i] === a && this.recOffsets[p]![i] === at;
      if (live) {
        const to = this.reserve(size);
        const target = this.arenas[to]!;
        const into = this.arenaUsed[to]!;
        arena.copy(target, into, at, at + size);
        this.arenaUsed[to] = into + size;
        this.recArenas[p]![i] = to;
        this.recOffsets[p]![i] = into;
      }
      at += size;
    }
    this.arenaUsed[a] = 0;
    this.arenaGarbage[a] = 0;
    // A couple of empty arenas are kept for what comes next; the memory of any more goes back.
    if (arena.length === KeyTable.ARENA_BYTES && this.freeArenas.length < 2) {
      this.freeArenas.push(a);
    } else {
      this.arenas[a] = undefined;
      this.freeArenaSlots.push(a);
    }
  }
}
