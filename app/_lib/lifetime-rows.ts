// The rows of the lifetime timeline: one bar per credential limit (access token, refresh token,
// session idle, session absolute), with the moments of refresh and refusal marked. Pure; the bar
// component draws what `rowView` says. Runtime: browser (and tests).
import { CLOCK_TOLERANCE, CLOCK_TOLERANCE_MS, clockTime } from './credential-clock';
import { formatRemaining } from './format-remaining';

export interface LifetimeMark {
  at: number;
  kind: 'refresh' | 'refusal';
  label: string;
}

export interface LifetimeRow {
  id: 'access' | 'refresh' | 'idle' | 'absolute' | 'internal';
  label: string;
  startsAt: number;
  endsAt: number;
  /** How long after `endsAt` the server still accepts it (JWTs: the clock tolerance). */
  toleranceMs: number;
  marks: LifetimeMark[];
}

export function jwtRows(state: { issuedAt: number; expiresAt: number; refreshExpiresAt: number }, refreshAt: number | null): LifetimeRow[] {
  const refusedFrom = state.expiresAt + CLOCK_TOLERANCE_MS;
  const access: LifetimeRow = {
    id: 'access',
    label: 'Access token',
    startsAt: state.issuedAt,
    endsAt: state.expiresAt,
    toleranceMs: CLOCK_TOLERANCE_MS,
    marks: [
      ...(refreshAt !== null && refreshAt < state.expiresAt ? [{ at: refreshAt, kind: 'refresh' as const, label: 'refresh' }] : []),
      { at: refusedFrom, kind: 'refusal', label: `refused (exp + ${CLOCK_TOLERANCE} s)` },
    ],
  };
  const refresh: LifetimeRow = {
    id: 'refresh',
    label: 'Refresh token',
    startsAt: state.issuedAt,
    endsAt: state.refreshExpiresAt,
    toleranceMs: 0,
    marks: [{ at: state.refreshExpiresAt, kind: 'refusal', label: 'refresh refused' }],
  };
  return [access, refresh];
}

export function sessionRows(info: {
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}): LifetimeRow[] {
  const idleEnd = Date.parse(info.idleExpiresAt);
  const absoluteEnd = Date.parse(info.absoluteExpiresAt);
  return [
    {
      id: 'idle',
      label: 'Session idle',
      startsAt: Date.parse(info.lastSeenAt),
      endsAt: idleEnd,
      toleranceMs: 0,
      marks: [{ at: idleEnd, kind: 'refusal', label: idleEnd < absoluteEnd ? 'refused unless used' : 'refused (absolute)' }],
    },
    {
      id: 'absolute',
      label: 'Session absolute',
      startsAt: Date.parse(info.createdAt),
      endsAt: absoluteEnd,
      toleranceMs: 0,
      marks: [{ at: absoluteEnd, kind: 'refusal', label: 'refused, however busy' }],
    },
  ];
}

export interface RowView {
  state: 'running' | 'tolerated' | 'ended';
  /** Share of the whole bar (lifetime + tolerance) still left before `endsAt`, 0..1. */
  left: number;
  /** Where `endsAt` sits on the bar, 0..1 (the tolerance is drawn after it). */
  endAt: number;
  marks: (LifetimeMark & { position: number; passed: boolean })[];
  text: string;
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));

export function rowView(row: LifetimeRow, now: number): RowView {
  const span = Math.max(1, row.endsAt + row.toleranceMs - row.startsAt);
  const at = (t: number) => clamp((t - row.startsAt) / span);
  const refusedFrom = row.endsAt + row.toleranceMs;
  const state = now < row.endsAt ? 'running' : now < refusedFrom ? 'tolerated' : 'ended';
  const text =
    state === 'running'
      ? `${formatRemaining(row.endsAt - now)} left`
      : state === 'tolerated'
        ? `past its end; accepted ${formatRemaining(refusedFrom - now)} more (clock tolerance)`
        : `ended at ${clockTime(refusedFrom)}: refused`;
  return {
    state,
    left: clamp((row.endsAt - Math.max(now, row.startsAt)) / span),
    endAt: at(row.endsAt),
    marks: row.marks.map((m) => ({ ...m, position: at(m.at), passed: now >= m.at })),
    text,
  };
}
