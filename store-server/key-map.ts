// The keyspace's index: a Map split into many small Maps by a hash of the key.
// Runtime: Node (store process). Why: a JavaScript Map grows by copying every entry into a table twice
// the size, in one synchronous step; at 2 million keys that step held the event loop for ~0.5 s.
// Split 1024 ways, each Map stays small and each growth copies a few thousand entries.

/**
 * FNV-1a over the UTF-16 code units: cheap, and spreads the store's key shapes evenly. The result
 * stays a signed 32-bit integer (no `>>> 0`): V8 keeps it unboxed, and `& mask` works on it as is.
 */
function hashKey(key: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/**
 * A string-keyed map with Map's get / set / delete / has / clear / size, stored as `shardCount`
 * Maps. Iteration (`entries`) goes shard by shard, each shard in insertion order; like a Map's
 * iterator it is live: an entry present for the whole walk is met exactly once, an entry added
 * to a shard the walk has not finished may be met too. `entriesByRank` gives the entries in
 * ascending order of a rank that grows with insertion (the engine's creation sequence).
 */
export class KeyMap<V> {
  private readonly shards: Map<string, V>[];
  private readonly mask: number;
  private count = 0;

  /** `shardCount` must be a power of two. */
  constructor(shardCount = 1024) {
    if (!Number.isInteger(shardCount) || shardCount < 1 || (shardCount & (shardCount - 1)) !== 0) {
      throw new Error(`KeyMap: shardCount must be a power of two, not ${shardCount}`);
    }
    this.mask = shardCount - 1;
    this.shards = Array.from({ length: shardCount }, () => new Map<string, V>());
  }

  /** The last key's shard: a command or a replayed op usually reads a key and then writes it. */
  private lastKey: string | undefined;
  private lastShard: Map<string, V> | undefined;

  private shard(key: string): Map<string, V> {
    if (key === this.lastKey) return this.lastShard!;
    const shard = this.shards[hashKey(key) & this.mask]!;
    this.lastKey = key;
    this.lastShard = shard;
    return shard;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return this.shard(key).get(key);
  }

  has(key: string): boolean {
    return this.shard(key).has(key);
  }

  /** An existing key keeps its place in its shard's order, as in a Map. */
  set(key: string, value: V): this {
    const shard = this.shard(key);
    const before = shard.size;
    shard.set(key, value);
    this.count += shard.size - before;
    return this;
  }

  delete(key: string): boolean {
    const removed = this.shard(key).delete(key);
    if (removed) this.count--;
    return removed;
  }

  clear(): void {
    for (const shard of this.shards) shard.clear();
    this.count = 0;
  }

  /**
   * Every entry, shard by shard; live, as described on the class. A plain iterator over the
   * shards' own (not a generator): the sweep steps through millions of keys with it.
   */
  entries(): IterableIterator<[string, V]> {
    const shards = this.shards;
    let index = 0;
    let walk: MapIterator<[string, V]> = shards[0]!.entries();
    const iterator: IterableIterator<[string, V]> = {
      next(): IteratorResult<[string, V]> {
        for (;;) {
          const item = walk.next();
          if (!item.done || index === shards.length - 1) return item;
          walk = shards[++index]!.entries();
        }
      },
      [Symbol.iterator]: () => iterator,
    };
    return iterator;
  }

  /**
   * Calls `fn` for every entry, shard by shard, as `Map.prototype.forEach` does (deleting the
   * current entry is fine). Unlike `entries`, it allocates nothing per entry: a walk over millions
   * of keys (DBSIZE's sweep, the replay's clean-up) makes no garbage to collect.
   */
  forEach(fn: (value: V, key: string) => void): void {
    for (const shard of this.shards) for (const [key, value] of shard) fn(value, key);
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /**
   * Every entry in ascending `rank`, for a rank that only grows as keys are inserted (and is kept
   * when a key is overwritten): each shard is already in that order, so this merges them. Live
   * like `entries`: an entry present for the whole walk is met exactly once.
   */
  *entriesByRank(rank: (value: V) => number): Generator<[string, V], undefined, undefined> {
    // A binary heap of the shards' next entries, smallest rank on top.
    const heap: { walk: MapIterator<[string, V]>; head: [string, V]; rank: number }[] = [];
    const less = (a: number, b: number) => heap[a]!.rank < heap[b]!.rank;
    const swap = (a: number, b: number) => {
      const t = heap[a]!;
      heap[a] = heap[b]!;
      heap[b] = t;
    };
    const down = (start: number) => {
      let i = start;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(l, m)) m = l;
        if (r < heap.length && less(r, m)) m = r;
        if (m === i) return;
        swap(i, m);
        i = m;
      }
    };
    for (const shard of this.shards) {
      const walk = shard.entries();
      const first = walk.next();
      if (!first.done) heap.push({ walk, head: first.value, rank: rank(first.value[1]) });
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
    while (heap.length > 0) {
      const top = heap[0]!;
      yield top.head;
      const next = top.walk.next();
      if (next.done) {
        const last = heap.pop()!;
        if (heap.length === 0) return;
        heap[0] = last;
      } else {
        top.head = next.value;
        top.rank = rank(next.value[1]);
      }
      down(0);
    }
  }
}
