import { describe, expect, it } from 'vitest';
import { KeyMap } from './key-map';

/** A deterministic stream of numbers, so a failure can be run again as it was. */
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % n;
  };
}

interface Item {
  value: number;
  seq: number;
}

describe('KeyMap', () => {
  it('answers get, has, set, delete, size and clear as a Map does, through random operations', () => {
    const next = random(7);
    const map = new KeyMap<number>(8);
    const reference = new Map<string, number>();
    for (let step = 0; step < 20_000; step++) {
      const key = `k${next(500)}`;
      const op = next(10);
      if (op < 5) {
        map.set(key, step);
        reference.set(key, step);
      } else if (op < 8) {
        expect(map.delete(key)).toBe(reference.delete(key));
      } else if (op === 8) {
        expect(map.get(key)).toBe(reference.get(key));
        expect(map.has(key)).toBe(reference.has(key));
      } else if (step % 5000 === 9) {
        map.clear();
        reference.clear();
      }
      expect(map.size).toBe(reference.size);
    }
    expect(new Map(map.entries())).toEqual(reference);
    expect(new Map(map)).toEqual(reference);
  });

  it('spreads the store’s key shapes over its shards', () => {
    const map = new KeyMap<number>(64);
    for (let i = 0; i < 6400; i++) {
      map.set(i % 3 === 0 ? `user:u${i}:sessions` : `sess:${i.toString(36).padStart(43, 'A')}${i % 3 === 1 ? ':seen' : ''}`, i);
    }
    const sizes = (map as unknown as { shards: Map<string, number>[] }).shards.map((shard) => shard.size);
    expect(Math.min(...sizes)).toBeGreaterThan(50);
    expect(Math.max(...sizes)).toBeLessThan(150);
  });

  it('walks every entry that stays exactly once while entries are added and deleted during the walk', () => {
    const map = new KeyMap<number>(16);
    for (let i = 0; i < 1000; i++) map.set(`k${i}`, i);
    const seen = new Map<string, number>();
    const deleted = new Set<string>();
    let step = 0;
    for (const [key] of map) {
      seen.set(key, (seen.get(key) ?? 0) + 1);
      // Churn as the sweep and SCAN meet it: deletes of keys ahead and behind, new keys, overwrites.
      if (step % 10 === 0 && map.delete(`k${(step * 7) % 1000}`)) deleted.add(`k${(step * 7) % 1000}`);
      if (step % 10 === 5) map.set(`new${step}`, step);
      if (step % 10 === 3) map.set(`k${(step * 13) % 1000}`, -1);
      step++;
    }
    for (let i = 0; i < 1000; i++) {
      if (!deleted.has(`k${i}`)) expect(seen.get(`k${i}`)).toBe(1);
    }
    for (const count of seen.values()) expect(count).toBe(1);
  });

  it('visits every entry once with forEach, deleting as it goes', () => {
    const map = new KeyMap<number>(8);
    for (let i = 0; i < 500; i++) map.set(`k${i}`, i);
    const visited: number[] = [];
    map.forEach((value, key) => {
      visited.push(value);
      if (value % 2 === 0) map.delete(key);
    });
    expect(visited.sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(map.size).toBe(250);
    expect([...map].every(([, value]) => value % 2 === 1)).toBe(true);
  });

  it('gives the entries in ascending rank, as one Map keeps insertion order, through deletes and overwrites', () => {
    const next = random(11);
    const map = new KeyMap<Item>(32);
    const reference = new Map<string, Item>();
    let seq = 0;
    for (let step = 0; step < 5000; step++) {
      const key = `key:${next(800)}`;
      if (next(4) === 0) {
        map.delete(key);
        reference.delete(key);
      } else {
        // An overwrite keeps its rank, as the engine keeps a key's creation number.
        const item = { value: step, seq: reference.get(key)?.seq ?? ++seq };
        map.set(key, item);
        reference.set(key, item);
      }
    }
    expect([...map.entriesByRank((item) => item.seq)]).toEqual([...reference]);
  });

  it('merges live: an entry present for the whole walk is met exactly once, in rank order', () => {
    const map = new KeyMap<Item>(8);
    let seq = 0;
    for (let i = 0; i < 300; i++) map.set(`k${i}`, { value: i, seq: ++seq });
    const walk = map.entriesByRank((item) => item.seq);
    const met: string[] = [];
    let last = 0;
    for (let item = walk.next(); !item.done; item = walk.next()) {
      const [key, value] = item.value;
      met.push(key);
      expect(value.seq).toBeGreaterThan(last);
      last = value.seq;
      if (met.length === 100) {
        map.delete('k250');
        map.set('late', { value: 0, seq: ++seq });
        map.set('k299', { value: -1, seq: map.get('k299')!.seq });
      }
    }
    const stays = Array.from({ length: 300 }, (_, i) => `k${i}`).filter((key) => key !== 'k250');
    for (const key of stays) expect(met.filter((k) => k === key)).toHaveLength(1);
    expect(met).not.toContain('k250');
  });

  it('is empty to walk when empty, and refuses a shard count that is not a power of two', () => {
    expect([...new KeyMap<number>()]).toEqual([]);
    expect([...new KeyMap<Item>(4).entriesByRank((item) => item.seq)]).toEqual([]);
    expect(() => new KeyMap<number>(1000)).toThrow('power of two');
    expect(() => new KeyMap<number>(0)).toThrow('power of two');
  });
});
