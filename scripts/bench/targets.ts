// The speed targets of issues 8 and 19, judged from one benchmark run. Runtime: Node. Pure functions.
import type { Summary } from '../../lib/measure/stats';

export type RowId =
  | 'untouched'
  | 'unprotected'
  | 'pass-through'
  | 'jwt-hs256'
  | 'jwt-es256'
  | 'jwt-eddsa'
  | 'jwt-es256-denylist'
  | 'jwt-hs256-nocache'
  | 'jwt-es256-nocache'
  | 'jwt-eddsa-nocache'
  | 'session'
  | 'exchange'
  | 'peer-me-mw'
  | 'peer-untouched';

/** What the sequential probe learned from each response's Server-Timing header. */
export interface AuthProbe {
  samples: number;
  auth: Summary;
  /** Per part (unseal, store, verify, denylist), over the responses that had it. */
  parts: Record<string, Summary>;
  roundTrips: { mean: number; max: number };
  /** The credential header as sent, in bytes (`Cookie: …` or `Authorization: Bearer …`). */
  credentialBytes: number;
}

export interface RowResult {
  id: RowId;
  rps: number;
  latency: Summary;
  probe?: AuthProbe;
}

export interface Target {
  text: string;
  ok: boolean | undefined;
  /** The measured value, as the verdict line shows it. */
  value: string;
}

/** How far above the session lookup's median the denylist's may land and still count as "no more". */
export const DENYLIST_TOLERANCE = 0.1;

const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

const REFERENCES = {
  'pass-through': 'the pass-through route',
  untouched: 'a route outside the middleware',
  'peer-me-mw': 'Auth.js /api/me-mw',
} as const;

function ratioTarget(
  rows: Map<RowId, RowResult>,
  id: RowId,
  label: string,
  min: number,
  reference: keyof typeof REFERENCES = 'pass-through',
): Target {
  const row = rows.get(id)?.rps;
  const base = rows.get(reference)?.rps;
  const ratio = row !== undefined && base !== undefined && base > 0 ? row / base : Number.NaN;
  return {
    text: `${label} throughput ≥ ${min}× ${REFERENCES[reference]}`,
    ok: Number.isFinite(ratio) ? ratio >= min : undefined,
    value: `${fixed(ratio)}×`,
  };
}

function medianTarget(rows: Map<RowId, RowResult>, id: RowId, part: string | 'auth', label: string, maxMs: number): Target {
  const probe = rows.get(id)?.probe;
  const median = part === 'auth' ? probe?.auth.median : probe?.parts[part]?.median;
  return {
    text: `${label} median < ${maxMs} ms`,
    ok: median === undefined || !Number.isFinite(median) ? undefined : median < maxMs,
    value: `${fixed(median ?? Number.NaN, 3)} ms`,
  };
}

/**
 * Every target, met (`true`), missed (`false`) or not measurable (`undefined`). The denylist is
 * judged by what it adds to a JWT request (its `denylist` part) against the whole session lookup.
 * Throughput is judged on the app as shipped (verify cache on); the verify medians on the rows
 * with the cache off, because with it a repeated token's signature is not checked again.
 */
export function evaluateTargets(results: readonly RowResult[], firstLoadGzipBytes: number | undefined, budgetBytes: number): Target[] {
  const rows = new Map(results.map((r) => [r.id, r]));
  const denylistPart = rows.get('jwt-es256-denylist')?.probe?.parts.denylist?.median;
  const sessionLookup = rows.get('session')?.probe?.auth.median;
  const denylistOk =
    denylistPart !== undefined && sessionLookup !== undefined && Number.isFinite(denylistPart) && Number.isFinite(sessionLookup);
  const sessionTrips = rows.get('session')?.probe?.roundTrips;
  const denylistTrips = rows.get('jwt-es256-denylist')?.probe?.roundTrips.mean;
  const jwtTrips = rows.get('jwt-es256')?.probe?.roundTrips;
  return [
    ratioTarget(rows, 'jwt-es256-nocache', 'JWT ES256, full verify every request', 2.0, 'peer-me-mw'),
    ratioTarget(rows, 'jwt-es256', 'JWT ES256 as shipped', 2.5, 'peer-me-mw'),
    ratioTarget(rows, 'session', 'Session (store round trip included)', 1.5, 'peer-me-mw'),
    ratioTarget(rows, 'jwt-hs256', 'JWT HS256', 0.9),
    ratioTarget(rows, 'jwt-es256', 'JWT ES256', 0.9),
    ratioTarget(rows, 'jwt-eddsa', 'JWT EdDSA', 0.9),
    ratioTarget(rows, 'session', 'Session', 0.6),
    ratioTarget(rows, 'pass-through', 'Pass-through', 0.8, 'untouched'),
    {
      // Both are one MGET of two keys, so their medians differ by noise alone; a strict `<=` on two
      // noisy medians would be a coin toss. Judged: no more round trips, and a median within 10%.
      text: `The denylist lookup costs no more than the session lookup (round trips; median within ${DENYLIST_TOLERANCE * 100}%)`,
      ok:
        denylistOk && denylistTrips !== undefined && sessionTrips
          ? denylistTrips <= sessionTrips.mean && denylistPart <= sessionLookup * (1 + DENYLIST_TOLERANCE)
          : undefined,
      value: `${fixed(denylistPart ?? Number.NaN, 3)} ms vs ${fixed(sessionLookup ?? Number.NaN, 3)} ms, ${fixed(denylistTrips ?? Number.NaN)} vs ${fixed(sessionTrips?.mean ?? Number.NaN)} round trips`,
    },
    medianTarget(rows, 'jwt-hs256-nocache', 'verify', 'HS256 signature verify (no cache)', 0.2),
    medianTarget(rows, 'jwt-es256-nocache', 'verify', 'ES256 signature verify (no cache)', 0.5),
    medianTarget(rows, 'jwt-eddsa-nocache', 'verify', 'EdDSA signature verify (no cache)', 0.5),
    medianTarget(rows, 'session', 'auth', 'Session lookup (unseal + store, built-in store)', 2),
    {
      text: 'At most one store round trip per session request; none per JWT request',
      ok: sessionTrips && jwtTrips ? sessionTrips.max <= 1 && jwtTrips.max === 0 : undefined,
      value: `session max ${sessionTrips?.max ?? '–'}, JWT max ${jwtTrips?.max ?? '–'}`,
    },
    {
      text: `Sign-in page JavaScript < ${(budgetBytes / 1024).toFixed(0)} kB compressed`,
      ok: firstLoadGzipBytes === undefined ? undefined : firstLoadGzipBytes < budgetBytes,
      value: firstLoadGzipBytes === undefined ? '–' : `${(firstLoadGzipBytes / 1024).toFixed(1)} kB`,
    },
  ];
}
