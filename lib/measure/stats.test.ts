import { describe, expect, it } from 'vitest';
import { histogram, percentile, percentileOfSorted, summarize } from './stats';

describe('percentile', () => {
  it('interpolates between the nearest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5);
    expect(percentileOfSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBeCloseTo(9.55);
  });

  it('returns the extremes at 0 and 100, the value itself for one sample, NaN for none', () => {
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('gives count, extremes, mean, median, p95 and p99, ignoring non-numbers', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize([...values, Number.NaN])).toEqual({
      count: 100,
      min: 1,
      median: 50.5,
      p95: 95.05,
      p99: 99.01,
      max: 100,
      mean: 50.5,
    });
  });

  it('is all NaN (and count 0) for no values', () => {
    const s = summarize([]);
    expect(s.count).toBe(0);
    expect([s.min, s.median, s.p95, s.max, s.mean].every(Number.isNaN)).toBe(true);
  });
});

describe('histogram', () => {
  it('counts into equal bins and puts the tail into the last one', () => {
    const bins = histogram([0.1, 0.4, 0.6, 0.9, 5], 2, 1);
    expect(bins).toEqual([
      { from: 0, to: 0.5, count: 2 },
      { from: 0.5, to: 1, count: 3 },
    ]);
  });

  it('has empty bins for no values', () => {
    expect(histogram([], 3, 3).map((b) => b.count)).toEqual([0, 0, 0]);
  });
});
