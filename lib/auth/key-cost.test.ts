import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { COST_CACHE_MS, COST_SAMPLES, createCostCache, measureCosts, summarize, type CostReport } from './key-cost';

describe('summarize', () => {
  it('gives the median and the nearest-rank p95 in microseconds', () => {
    const ms = Array.from({ length: 100 }, (_, i) => (i + 1) / 1000); // 1..100 µs, shuffled below
    ms.reverse();
    expect(summarize(ms)).toEqual({ medianUs: 50, p95Us: 95 });
    expect(summarize([0.25])).toEqual({ medianUs: 250, p95Us: 250 });
  });
});

describe('measureCosts', () => {
  it('times every algorithm through the real sign and verify code', async () => {
    let tick = 0;
    // A fake timer: each reading is 10 µs after the last, so sign and verify each measure 10 µs.
    const report = await measureCosts({ samples: 5, timer: () => (tick += 0.01), clock: { now: () => Date.UTC(2026, 0, 1) } });
    expect(report.samples).toBe(5);
    expect(report.measuredAt).toBe('2026-01-01T00:00:00.000Z');
    expect(report.algorithms.map((a) => [a.alg, a.publicKey])).toEqual([
      ['HS256', false],
      ['ES256', true],
      ['EdDSA', true],
    ]);
    for (const a of report.algorithms) {
      expect(a.sign).toEqual({ medianUs: 10, p95Us: 10 });
      expect(a.verify).toEqual({ medianUs: 10, p95Us: 10 });
      expect(a.tokenBytes).toBeGreaterThan(200);
    }
  });

  it('never does more than the cap, whatever it is asked', async () => {
    expect(COST_SAMPLES).toBe(200);
    let readings = 0;
    const report = await measureCosts({ samples: 1_000_000, timer: () => ++readings });
    expect(report.samples).toBe(COST_SAMPLES);
    expect(readings).toBeLessThanOrEqual(3 * 3 * (COST_SAMPLES + 20));
  });
});

describe('createCostCache', () => {
  const report = { samples: 1, measuredAt: '', runtime: '', algorithms: [] } satisfies CostReport;

  it('measures once a minute at most, and concurrent callers share one run', async () => {
    let T = 0;
    const clock: Clock = { now: () => T };
    let runs = 0;
    const costs = createCostCache(async () => {
      runs++;
      return report;
    }, clock);
    await Promise.all([costs(), costs(), costs()]);
    T += COST_CACHE_MS - 1;
    await costs();
    expect(runs).toBe(1);
    T += 1;
    await costs();
    expect(runs).toBe(2);
  });

  it('does not keep a failed run', async () => {
    let runs = 0;
    const costs = createCostCache(
      async () => {
        runs++;
        if (runs === 1) throw new Error('boom');
        return report;
      },
      { now: () => 0 },
    );
    await expect(costs()).rejects.toThrow('boom');
    await expect(costs()).resolves.toBe(report);
    expect(runs).toBe(2);
  });
});
