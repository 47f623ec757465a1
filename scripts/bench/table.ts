// Formatting for `npm run bench`: numbers as the table shows them, and a Markdown table whose
// columns line up in a terminal too. Runtime: Node. Pure functions.

export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align?: Align;
}

/** A Markdown table (GitHub flavour) padded so that it also reads as plain text. */
export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(3, c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (text: string, i: number) => {
    const width = widths[i] as number;
    return columns[i]?.align === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const line = (cells: readonly string[]) => `| ${columns.map((_, i) => pad(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${columns.map((c, i) => (c.align === 'right' ? `${'-'.repeat((widths[i] as number) + 1)}:` : `:${'-'.repeat((widths[i] as number) + 1)}`)).join('|')}|`;
  return [line(columns.map((c) => c.title)), rule, ...rows.map(line)].join('\n');
}

/** Milliseconds with sensible precision: 0.123, 1.23, 12.3, 123. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

export function formatRate(perSecond: number): string {
  return Number.isFinite(perSecond) ? perSecond.toFixed(0) : '–';
}

/** A ratio to a reference, as "0.87×"; "–" when either side is missing. */
export function formatRatio(value: number, reference: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference <= 0) return '–';
  return `${(value / reference).toFixed(2)}×`;
}

/** One verdict line: "✓ JWT ES256 ≥ 0.8× pass-through: 0.91×". */
export function verdict(ok: boolean | undefined, text: string): string {
  return `${ok === undefined ? '?' : ok ? '✓' : '✗'} ${text}`;
}
