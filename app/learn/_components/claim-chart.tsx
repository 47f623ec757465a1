'use client';

// A claim's timed series as one histogram (Recharts, SVG): how the samples spread, one bar colour per
// series. The card beside it reads the same numbers out in a sentence and tables them, as the Measure page does.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { Series } from '@/lib/measure/claims';
import { histogram, percentile } from '@/lib/measure/stats';

/** Okabe–Ito colours, safe for colour blindness; lighter ones in dark mode (set on the wrapper). */
const COLORS = ['var(--claim-a)', 'var(--claim-b)', 'var(--claim-c)'];
const BINS = 12;
const axis = { fill: 'var(--color-muted)', fontSize: 12 };

export function ClaimChart({ series }: { series: Series[] }) {
  // The axis ends a little past the largest p95, so one slow outlier doesn't squash the rest (the tail lands in the last bin).
  const top = Math.max(0.01, ...series.map((s) => percentile(s.values, 95) * 1.25));
  const binned = series.map((s) => histogram(s.values, BINS, top));
  const rows = Array.from({ length: BINS }, (_, i) => {
    const row: Record<string, number | string> = { bin: (binned[0]?.[i]?.from ?? 0).toFixed(top >= 10 ? 0 : 2) };
    series.forEach((s, j) => {
      const count = binned[j]?.[i]?.count ?? 0;
      row[s.label] = s.n > 0 ? Math.round((count / s.values.length) * 100) : 0;
    });
    return row;
  });
  return (
    <div className="h-full w-full [--claim-a:#0072b2] [--claim-b:#d55e00] [--claim-c:#009e73] dark:[--claim-a:#56b4e9] dark:[--claim-b:#e69f00] dark:[--claim-c:#3fc9a0]">
      <BarChart
        responsive
        style={{ width: '100%', height: '100%' }}
        data={rows}
        margin={{ top: 8, right: 8, bottom: 24, left: 0 }}
        barGap={0}
      >
        <CartesianGrid stroke="var(--color-line)" vertical={false} />
        <XAxis
          dataKey="bin"
          tick={axis}
          interval="preserveStartEnd"
          label={{ value: 'ms', position: 'insideBottomRight', offset: -8, ...axis }}
        />
        <YAxis tick={axis} unit="%" width={44} />
        <Tooltip
          contentStyle={{
            background: 'var(--color-surface)',
            border: '1px solid var(--color-line)',
            color: 'var(--color-fg)',
            fontSize: 12,
          }}
          formatter={(value, name) => [`${String(value)} %`, String(name)]}
          labelFormatter={(label) => `from ${String(label)} ms`}
        />
        <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {series.map((s, j) => (
          <Bar key={s.label} dataKey={s.label} fill={COLORS[j % COLORS.length] ?? 'currentColor'} isAnimationActive={false} />
        ))}
      </BarChart>
    </div>
  );
}
