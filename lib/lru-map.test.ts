import { describe, expect, it } from 'vitest';
import { LruMap } from './lru-map';

describe('LruMap', () => {
  it('forgets the least recently used entry beyond its size', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // a is now the most recent
    m.set('c', 3);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBe(1);
    expect(m.get('c')).toBe(3);
    expect(m.size).toBe(2);
  });

  it('makes an entry the most recent when it is set again, without growing', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 10);
    expect(m.size).toBe(2);
    m.set('c', 3);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBe(10);
  });

  it('keeps a stored undefined apart from a missing key', () => {
    const m = new LruMap<string, number | undefined>(2);
    m.set('u', undefined);
    m.set('b', 2);
    m.get('u'); // a hit: u is now the most recent, so b goes next
    m.set('c', 3);
    expect(m.get('b')).toBeUndefined();
    expect(m.size).toBe(2);
  });

  it('deletes and clears', () => {
    const m = new LruMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.delete('a');
    expect(m.get('a')).toBeUndefined();
    expect(m.size).toBe(1);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get('b')).toBeUndefined();
  });

  it('refuses a size that could hold nothing', () => {
    for (const max of [0, -1, 1.5, Number.NaN]) expect(() => new LruMap(max)).toThrow(RangeError);
    const one = new LruMap<string, number>(1);
    one.set('a', 1);
    one.set('b', 2);
    expect([one.get('a'), one.get('b'), one.size]).toEqual([undefined, 2, 1]);
  });
});
