// Parses a `Server-Timing` header (W3C Server Timing) into its metrics: the console's answer view, the
// compare panes' cost line, the Measure page and `npm run bench`.
// Runtime: browser and Node. Tolerant: a malformed part is skipped, never thrown on.

export interface TimingMetric {
  name: string;
  /** Milliseconds, when the metric has a numeric `dur`. */
  dur: number | undefined;
  desc: string | undefined;
  /** Every parameter as sent (lower-cased names), `dur` and `desc` included. */
  params: Record<string, string>;
}

/** Splits on `separator` outside double-quoted strings (which may contain `\"`). */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted && ch === '\\' && i + 1 < text.length) {
      current += ch + text.charAt(i + 1);
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1');
  return v;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function parseServerTiming(header: string | null | undefined): TimingMetric[] {
  if (!header) return [];
  const metrics: TimingMetric[] = [];
  for (const entry of splitOutsideQuotes(header, ',')) {
    const [rawName = '', ...rawParams] = splitOutsideQuotes(entry, ';');
    const name = rawName.trim();
    if (!TOKEN.test(name)) continue;
    const params: Record<string, string> = {};
    for (const raw of rawParams) {
      const eq = raw.indexOf('=');
      const key = (eq >= 0 ? raw.slice(0, eq) : raw).trim().toLowerCase();
      if (!TOKEN.test(key) || key in params) continue; // The first occurrence of a parameter wins.
      params[key] = eq >= 0 ? unquote(raw.slice(eq + 1)) : '';
    }
    const dur = params.dur !== undefined && params.dur !== '' ? Number(params.dur) : Number.NaN;
    metrics.push({ name, dur: Number.isFinite(dur) ? dur : undefined, desc: params.desc, params });
  }
  return metrics;
}
