'use client';

// The Measure page's charts (Recharts, SVG). Loaded only once a run has results, so the page itself
// stays light. Every chart sits beside a table of the same numbers: colour is never the only signal.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { COOKIE_LIMIT_BYTES, MODE_LABELS, type BytesRow, type DenylistRow, type HistogramRow, type MeasuredMode } from '../_lib/results';

/** Set on the charts' wrapper (see measure-lab.tsx), light and dark: an Okabe–Ito palette, safe for colour blindness. */
export const MODE_COLORS: Record<MeasuredMode, string> = {
  session: 'var(--measure-session)',
  jwt: 'var(--measure-jwt)',
  'jwt+denylist': 'var(--measure-denylist)',
};

const axis = { fill: 'var(--color-muted)', fontSize: 12 };
const grid = 'var(--color-line)';
const tooltip = {
  contentStyle: { background: 'var(--color-surface)', border: '1px solid var(--color-line)', color: 'var(--color-fg)', fontSize: 12 },
  cursor: { fill: 'var(--color-hover)' },
};
const size = { width: '100%', height: 260 };

export function CostDistributionChart({ rows, modes }: { rows: HistogramRow[]; modes: MeasuredMode[] }) {
  return (
    <BarChart responsive style={size} data={rows} margin={{ top: 8, right: 8, bottom: 24, left: 0 }} barGap={0}>
      <CartesianGrid stroke={grid} vertical={false} />
      <XAxis
        dataKey="bin"
        tick={axis}
        interval="preserveStartEnd"
        label={{ value: 'auth cost per request, ms', position: 'insideBottom', offset: -16, ...axis }}
      />
      <YAxis tick={axis} unit="%" width={44} />
      <Tooltip
        {...tooltip}
        formatter={(value, name) => [`${String(value)} %`, String(name)]}
        labelFormatter={(label) => `${String(label)} ms`}
      />
      <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
      {modes.map((mode) => (
        <Bar key={mode} dataKey={mode} name={MODE_LABELS[mode]} fill={MODE_COLORS[mode]} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}

export function BytesChart({ rows }: { rows: (BytesRow & { mode: MeasuredMode })[] }) {
  return (
    <BarChart responsive style={size} data={rows} margin={{ top: 20, right: 8, bottom: 8, left: 8 }}>
      <CartesianGrid stroke={grid} vertical={false} />
      <XAxis dataKey="label" tick={axis} />
      <YAxis tick={axis} domain={[0, 4600]} ticks={[0, 1024, 2048, 3072, 4096]} width={48} />
      <Tooltip {...tooltip} formatter={(value) => [`${String(value)} bytes`, 'credential header']} />
      <ReferenceLine
        y={COOKIE_LIMIT_BYTES}
        stroke="var(--color-bad)"
        strokeDasharray="6 4"
        label={{ value: `cookie limit, ${COOKIE_LIMIT_BYTES} B`, position: 'insideTopRight', fill: 'var(--color-bad)', fontSize: 12 }}
      />
      <Bar dataKey="bytes" isAnimationActive={false}>
        {rows.map((r) => (
          <Cell key={r.label} fill={MODE_COLORS[r.mode]} />
        ))}
        <LabelList dataKey="bytes" position="top" fill="var(--color-fg)" fontSize={12} formatter={(v) => `${String(v)} B`} />
      </Bar>
    </BarChart>
  );
}

export function TripsChart({ rows }: { rows: { label: string; mode: MeasuredMode; trips: number }[] }) {
  const top = Math.max(2, ...rows.map((r) => Math.ceil(r.trips)));
  return (
    <BarChart responsive style={size} data={rows} margin={{ top: 20, right: 8, bottom: 8, left: 0 }}>
      <CartesianGrid stroke={grid} vertical={false} />
      <XAxis dataKey="label" tick={axis} />
      <YAxis tick={axis} domain={[0, top]} allowDecimals={false} width={32} />
      <Tooltip {...tooltip} formatter={(value) => [String(value), 'store round trips per request']} />
      <Bar dataKey="trips" isAnimationActive={false}>
        {rows.map((r) => (
          <Cell key={r.label} fill={MODE_COLORS[r.mode]} />
        ))}
        <LabelList dataKey="trips" position="top" fill="var(--color-fg)" fontSize={12} />
      </Bar>
    </BarChart>
  );
}

export function DenylistChart({ rows }: { rows: DenylistRow[] }) {
  return (
    <BarChart responsive style={size} data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
      <CartesianGrid stroke={grid} vertical={false} />
      <XAxis dataKey="label" tick={axis} />
      <YAxis tick={axis} unit=" ms" width={56} />
      <Tooltip {...tooltip} formatter={(value, name) => [`${Number(value).toFixed(3)} ms`, String(name)]} />
      <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
      <Bar dataKey="check" name="verify or unseal (median)" stackId="cost" fill="var(--measure-check)" isAnimationActive={false} />
      <Bar dataKey="lookup" name="store lookup (median)" stackId="cost" fill="var(--measure-lookup)" isAnimationActive={false} />
    </BarChart>
  );
}
