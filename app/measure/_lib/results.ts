// What a measuring run found, turned into the numbers the Measure page charts and reads out.
// Runtime: browser (and Node for tests). Pure: samples in, summaries and one-line readings out.
import type { AuthCost, CostMode } from '@/lib/measure/auth-cost';
import { histogram, summarize, type Summary } from '@/lib/measure/stats';

/** One measured request: what its Server-Timing header said. */
export type Sample = Pick<AuthCost, 'mode' | 'totalMs' | 'parts' | 'roundTrips' | 'unsealCached'>;

/** The modes the page measures, in the order it shows them. */
export const MODES = ['session', 'jwt', 'jwt+denylist'] as const;
export type MeasuredMode = (typeof MODES)[number];

export const MODE_LABELS: Record<MeasuredMode, string> = {
  session: 'Session',
  jwt: 'JWT',
  'jwt+denylist': 'JWT + denylist',
};

/** Browsers accept cookies up to about this many bytes (name, value and attributes); RFC 6265 asks for at least 4096. */
export const COOKIE_LIMIT_BYTES = 4096;

export interface ModeSummary {
  mode: MeasuredMode;
  samples: number;
  auth: Summary;
  /** Median of each part the responses carried. */
  parts: Partial<Record<keyof Sample['parts'], number>>;
  roundTrips: { mean: number; max: number };
}

const isMeasured = (mode: CostMode): mode is MeasuredMode => (MODES as readonly string[]).includes(mode);

export function summarizeModes(samples: readonly Sample[]): ModeSummary[] {
  return MODES.flatMap((mode) => {
    const own = samples.filter((s) => s.mode === mode);
    if (own.length === 0) return [];
    const names = [...new Set(own.flatMap((s) => Object.keys(s.parts)))] as (keyof Sample['parts'])[];
    const parts = Object.fromEntries(
      names.map((n) => [n, summarize(own.flatMap((s) => (s.parts[n] === undefined ? [] : [s.parts[n]]))).median]),
    );
    const trips = own.map((s) => s.roundTrips);
    return [
      {
        mode,
        samples: own.length,
        auth: summarize(own.map((s) => s.totalMs)),
        parts,
        roundTrips: { mean: trips.reduce((a, b) => a + b, 0) / trips.length, max: Math.max(...trips) },
      },
    ];
  });
}

/** Keeps the samples of the modes this page charts (a hybrid or internal answer is not one of them). */
export function measuredOnly<T extends { mode: CostMode }>(samples: readonly T[]): (T & { mode: MeasuredMode })[] {
  return samples.filter((s): s is T & { mode: MeasuredMode } => isMeasured(s.mode));
}

export interface HistogramRow {
  /** The bin, as the axis shows it: "0.40–0.60". */
  bin: string;
  from: number;
  to: number;
  /** Share of each mode's requests in this bin, in percent. */
  session?: number;
  jwt?: number;
  'jwt+denylist'?: number;
}

/**
 * The distribution of auth cost per mode as one table of bins: a shared axis up to a little past the
 * largest p95, so one slow outlier doesn't squash every bar into the first bin (it counts in the last).
 */
export function costHistogram(samples: readonly Sample[], bins = 16): HistogramRow[] {
  const summaries = summarizeModes(samples);
  if (summaries.length === 0) return [];
  const top = Math.max(...summaries.map((s) => s.auth.p95)) * 1.2;
  const max = top > 0 ? top : 1;
  const digits = max < 2 ? 2 : max < 20 ? 1 : 0;
  const rows: HistogramRow[] = histogram([], bins, max).map((b) => ({
    bin: `${b.from.toFixed(digits)}–${b.to.toFixed(digits)}`,
    from: b.from,
    to: b.to,
  }));
  for (const s of summaries) {
    const values = samples.filter((x) => x.mode === s.mode).map((x) => x.totalMs);
    histogram(values, bins, max).forEach((b, i) => {
      const row = rows[i];
      if (row) row[s.mode] = Math.round((b.count / values.length) * 1000) / 10;
    });
  }
  return rows;
}

const ms = (n: number) => (n < 1 ? `${n.toFixed(2)} ms` : `${n.toFixed(1)} ms`);

export function costReading(summaries: readonly ModeSummary[]): string {
  const session = summaries.find((s) => s.mode === 'session');
  const jwt = summaries.find((s) => s.mode === 'jwt') ?? summaries.find((s) => s.mode === 'jwt+denylist');
  if (!session || !jwt) return 'Run a measurement to see the cost of each check.';
  const ratio = session.auth.median / jwt.auth.median;
  const label = MODE_LABELS[jwt.mode];
  const compare =
    ratio >= 1.1
      ? `${ratio.toFixed(1)}× the ${label} check`
      : ratio <= 0.9
        ? `${(1 / ratio).toFixed(1)}× less than the ${label} check`
        : `about the same as the ${label} check`;
  return `A session check took ${ms(session.auth.median)} (median; p95 ${ms(session.auth.p95)}): ${compare}, ${ms(jwt.auth.median)} (p95 ${ms(jwt.auth.p95)}).`;
}

export interface BytesRow {
  label: string;
  bytes: number;
}

/** `carrier`: the session's credential as measured, this browser's cookie or an opaque id in a header. */
export function bytesReading(
  sessionBytes: number | undefined,
  bearerBytes: number | undefined,
  carrier: 'cookie' | 'header' = 'cookie',
): string {
  if (sessionBytes === undefined || bearerBytes === undefined) return 'Run a measurement to see what each request carries.';
  const theirs = carrier === 'cookie' ? "the cookie's" : "the session id header's";
  const more =
    bearerBytes >= sessionBytes
      ? `${(bearerBytes / sessionBytes).toFixed(1)}× ${theirs}`
      : `${(sessionBytes / bearerBytes).toFixed(1)}× less than ${theirs}`;
  return `Each JWT request sends a ${bearerBytes}-byte Authorization header, ${more} ${sessionBytes} bytes; both are far under the ${COOKIE_LIMIT_BYTES}-byte cookie limit.`;
}

export function tripsReading(summaries: readonly ModeSummary[]): string {
  if (summaries.length === 0) return 'Run a measurement to count store round trips.';
  const parts = summaries.map((s) => `${MODE_LABELS[s.mode]} ${s.roundTrips.mean.toFixed(s.roundTrips.mean % 1 === 0 ? 0 : 2)}`);
  return `Store round trips per request: ${parts.join(', ')}. The session and the denylist pay one lookup each; a plain JWT pays none.`;
}

export interface DenylistRow {
  label: string;
  /** Median of the check itself: signature verify, or cookie unseal. */
  check: number;
  /** Median of the store lookup: the denylist, or the session record. */
  lookup: number;
}

export function denylistRows(summaries: readonly ModeSummary[]): DenylistRow[] {
  return summaries.map((s) => ({
    label: MODE_LABELS[s.mode],
    check: s.parts.verify ?? s.parts.unseal ?? 0,
    lookup: s.parts.denylist ?? s.parts.store ?? 0,
  }));
}

export function denylistReading(summaries: readonly ModeSummary[]): string | undefined {
  const jwt = summaries.find((s) => s.mode === 'jwt');
  const deny = summaries.find((s) => s.mode === 'jwt+denylist');
  const session = summaries.find((s) => s.mode === 'session');
  if (!deny) return undefined;
  const lookup = deny.parts.denylist ?? Number.NaN;
  const vsJwt = jwt
    ? ` a JWT check goes from ${ms(jwt.auth.median)} to ${ms(deny.auth.median)};`
    : ` a JWT check costs ${ms(deny.auth.median)};`;
  const vsSession = session ? ` the session's own lookup took ${ms(session.parts.store ?? session.auth.median)}` : '';
  return `With the denylist on,${vsJwt} its store lookup is ${ms(lookup)} (median)${vsSession ? `, while${vsSession}` : ''}: revocation brings the lookup back.`;
}
