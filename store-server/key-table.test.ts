import { describe, expect, it } from 'vitest';
import { KeyTable, SET, STRING, ZSET, hashKey } from './key-table';

/** A deterministic stream of numbers, so a failure can be run again as it was. */
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % n;
  };
}

type Model = Map<string, { value: string | Set<string>; expiresAt: number | undefined }>;

/** Every key in creation order, read back through the table's own accessors. */
function contents(table: KeyTable<Set<string>>): [string, string | Set<string>, number | undefined][] {
  const out: [string, string | Set<string>, number | undefined][] = [];
  for (let id = table.first(); id >= 0; id = table.after(id)) {
    out.push([table.key(id), table.type(id) === STRING ? table.string(id) : table.object(id), table.expiresAt(id)]);
  }
  return out;
}

function expectSame(table: KeyTable<Set<string>>, model: Model): void {
  expect(table.size).toBe(model.size);
  // A Map iterates in insertion order and keeps an overwritten key's place: the order SCAN needs.
  expect(contents(table)).toEqual([...model].map(([key, { value, expiresAt }]) => [key, value, expiresAt]));
}

describe('KeyTable', () => {
  it('behaves like a Map in creation order through random puts, overwrites, deletes and clears', () => {
    const next = random(11);
    const table = new KeyTable<Set<string>>();
    const model: Model = new Map();
    for (let step = 0; step < 30_000; step++) {
      const key = `k${next(700)}`;
      const op = next(20);
      if (op < 8) {
        const value = `v${step}`.repeat(next(5));
        const expiresAt = next(3) === 0 ? 1_000 + step : undefined;
        table.putString(key, value, expiresAt);
        model.set(key, { value, expiresAt });
      } else if (op < 10) {
        const set = new Set([`m${step}`]);
        table.putObject(key, SET, set, undefined);
        model.set(key, { value: set, expiresAt: undefined });
      } else if (op < 16) {
        const id = table.find(key);
        expect(id >= 0).toBe(model.has(key));
        if (id >= 0) table.delete(id);
        model.delete(key);
      } else if (op < 19) {
        const id = table.find(key);
        const want = model.get(key);
        expect(id >= 0).toBe(want !== undefined);
        if (id >= 0 && want) {
          expect(table.key(id)).toBe(key);
          expect(table.type(id) === STRING ? table.string(id) : table.object(id)).toBe(want.value);
          table.setExpiresAt(id, step);
          want.expiresAt = step;
        }
      } else if (step % 7000 === 0) {
        table.clear();
        model.clear();
      }
      expect(table.size).toBe(model.size);
      if (step % 1000 === 0) {
        const { counted, found } = table.auditArenas();
        expect(found).toBe(counted);
      }
    }
    expectSame(table, model);
  });

  it('keeps any text exactly: empty, Latin-1, emoji, lone surrogates, NUL; a key and its UTF-16 twin stay apart', () => {
    const table = new KeyTable<Set<string>>();
    const texts = ['', 'plain', 'é', 'ÿ\u00ff', '日本', '🔑', '\ud800', 'a\udc00b', '\u0000x', 'x'.repeat(5000)];
    for (const [i, text] of texts.entries()) table.putString(text, `${i}:${text}`, undefined);
    for (const [i, text] of texts.entries()) {
      const id = table.find(text);
      expect(table.key(id)).toBe(text);
      expect(table.string(id)).toBe(`${i}:${text}`);
    }
    // Same bytes once encoded would be a collision: Latin-1 "ab" vs a UTF-16 unit 0x6261.
    expect(table.find('\u6261')).toBe(-1);
    expect(table.size).toBe(texts.length);
  });

  it('keeps an overwritten key in its place with its creation number, whatever its new type', () => {
    const table = new KeyTable<Set<string>>();
    const a = table.putString('a', '1', undefined);
    table.putString('b', '2', undefined);
    const seq = table.seq(a);
    expect(table.putObject('a', ZSET, new Set(['x']), 5)).toBe(a);
    expect(table.seq(a)).toBe(seq);
    expect(table.type(a)).toBe(ZSET);
    expect(table.expiresAt(a)).toBe(5);
    expect(contents(table).map(([key]) => key)).toEqual(['a', 'b']);
    expect(table.seq(table.putString('c', '3', undefined))).toBeGreaterThan(seq);
  });

  it('grows its index shard by shard and finds every one of 200k keys of the store’s shapes', () => {
    const table = new KeyTable<Set<string>>();
    const key = (i: number) =>
      i % 3 === 0 ? `user:u${i}:sessions` : `sess:${i.toString(36).padStart(43, 'A')}${i % 3 === 1 ? ':seen' : ''}`;
    for (let i = 0; i < 200_000; i++) table.putString(key(i), String(i), undefined);
    for (let i = 0; i < 200_000; i += 7) expect(table.string(table.find(key(i)))).toBe(String(i));
    expect(table.find('sess:missing')).toBe(-1);
    const shards = (table as unknown as { buckets: Int32Array[] }).buckets;
    // 200k keys over 1024 shards: each about 195, so each shard grew to 256 buckets (none left behind, none far ahead).
    expect(new Set(shards.map((heads) => heads.length))).toEqual(new Set([256]));
  });

  it('spreads the store’s key shapes evenly over the shards', () => {
    const counts = new Array<number>(1024).fill(0);
    for (let i = 0; i < 102_400; i++) counts[hashKey(i % 2 ? `sess:${i}:seen` : `user:bench-user-${i}:sessions`) & 1023]!++;
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(140);
  });

  it('reuses arena space: overwriting the same keys again and again holds the memory flat', () => {
    const table = new KeyTable<Set<string>>();
    for (let i = 0; i < 10_000; i++) table.putString(`sess:${i}`, 'x'.repeat(300), undefined);
    const before = table.arenaBytes();
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 10_000; i++) table.putString(`sess:${i}`, String(round).repeat(300), undefined);
    }
    // 10 rounds of 3 MiB written over ~3.2 MiB of live data: an arena more than half dead is
    // compacted, so at most twice the live data, plus the current arena and two kept empty.
    expect(table.arenaBytes()).toBeLessThanOrEqual(before * 2 + 3 * KeyTable.ARENA_BYTES);
    for (let i = 0; i < 10_000; i += 999) expect(table.string(table.find(`sess:${i}`))).toBe('9'.repeat(300));
    // Deleting most keys frees their arenas' space for what comes next.
    for (let i = 0; i < 9_000; i++) table.delete(table.find(`sess:${i}`));
    const after = table.arenaBytes();
    for (let i = 0; i < 9_000; i++) table.putString(`new:${i}`, 'y'.repeat(300), undefined);
    expect(table.arenaBytes()).toBeLessThanOrEqual(after + 2 * KeyTable.ARENA_BYTES);
    const { counted, found } = table.auditArenas();
    expect(found).toBe(counted);
    expect(table.string(table.find('sess:9500'))).toBe('9'.repeat(300));
    expect(table.string(table.find('new:8999'))).toBe('y'.repeat(300));
  });

  it('gives a value larger than an arena an arena of its own, and lets it go when deleted', () => {
    const table = new KeyTable<Set<string>>();
    table.putString('small', 's', undefined);
    const big = 'b'.repeat(KeyTable.ARENA_BYTES + 10);
    const id = table.putString('big', big, undefined);
    expect(table.string(id)).toBe(big);
    expect(table.string(table.find('small'))).toBe('s');
    const held = table.arenaBytes();
    table.delete(id);
    expect(table.arenaBytes()).toBeLessThan(held - KeyTable.ARENA_BYTES);
  });

  it('reuses a deleted key’s id, but with a new creation number and at the end of the order', () => {
    const table = new KeyTable<Set<string>>();
    const a = table.putString('a', '1', undefined);
    table.putString('b', '2', undefined);
    const seq = table.seq(a);
    table.delete(a);
    expect(table.isLive(a)).toBe(false);
    const c = table.putString('c', '3', undefined);
    expect(c).toBe(a);
    expect(table.isLive(c)).toBe(true);
    expect(table.seq(c)).toBeGreaterThan(seq);
    expect(contents(table).map(([key]) => key)).toEqual(['b', 'c']);
    expect(table.isLive(table.idBound)).toBe(false);
  });
});
