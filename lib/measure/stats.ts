// Small statistics for measurements: percentiles, a summary, and histogram bins.
// Runtime: browser and Node (the Measure page and `npm run bench` share it). Pure functions.

/**
 * The p-th percentile (0–100) of already sorted values, interpolating linearly between the two
 * nearest ranks (the common "R-7" definition, as spreadsheets and NumPy compute it).
 */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const clamped = Math.min(100, Math.max(0, p));
  const rank = (clamped / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (rank - lower);
}

export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

export interface Summary {
  count: number;
  min: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Count, extremes, mean, median, p95 and p99 of some values; every number is NaN when there are none. */
export function summarize(values: readonly number[]): Summary {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  const mean = n === 0 ? Number.NaN : sorted.reduce((sum, v) => sum + v, 0) / n;
  return {
    count: n,
    min: n === 0 ? Number.NaN : (sorted[0] as number),
    median: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: n === 0 ? Number.NaN : (sorted[n - 1] as number),
    mean,
  };
}

export interface Bin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge (the last bin includes it). */
  to: number;
  count: number;
}

/**
 * Counts values into `bins` equal-width bins from 0 (or the smallest value, if negative) up to
 * `max`; values beyond `max` go into the last bin, so the tail stays visible without stretching
 * the axis.
 */
export function histogram(values: readonly number[], bins: number, max: number): Bin[] {
  const count = Math.max(1, Math.floor(bins));
  const low = Math.min(0, ...values.filter((v) => Number.isFinite(v)));
  const width = max > low ? (max - low) / count : 1;
  const out: Bin[] = Array.from({ length: count }, (_, i) => ({ from: low + i * width, to: low + (i + 1) * width, count: 0 }));
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const index = Math.min(count - 1, Math.max(0, Math.floor((v - low) / width)));
    (out[index] as Bin).count += 1;
  }
  return out;
}
