// When each credential the page holds stops working, decided as the server decides it, so a pane can
// change by itself at that moment instead of showing a sign-in that is over. Pure; the caller passes
// the time. Runtime: browser (and tests).
import { CLOCK_TOLERANCE } from '@/lib/auth/jwt-profile';

export { CLOCK_TOLERANCE };

/** The server accepts a JWT until `exp` plus this much (clock skew between issuer and verifier). */
export const CLOCK_TOLERANCE_MS = CLOCK_TOLERANCE * 1000;

export interface JwtTimes {
  /** The access token's `exp`, ms. */
  expiresAt: number;
  /** When the refresh cookie (and its record) runs out, ms. */
  refreshExpiresAt: number;
}

export interface JwtPhase {
  /** `valid` before exp; `tolerated` after exp but inside the clock tolerance; `expired` after both. */
  access: 'valid' | 'tolerated' | 'expired';
  refresh: 'valid' | 'expired';
  /** The first moment from which the server refuses the access token. */
  refusedFrom: number;
  /** The next moment at which this phase changes, or null when nothing is left to change. */
  nextChangeAt: number | null;
}

export function jwtPhase(times: JwtTimes, now: number): JwtPhase {
  const refusedFrom = times.expiresAt + CLOCK_TOLERANCE_MS;
  const access = now < times.expiresAt ? 'valid' : now < refusedFrom ? 'tolerated' : 'expired';
  const refresh = now < times.refreshExpiresAt ? 'valid' : 'expired';
  const upcoming = [times.expiresAt, refusedFrom, times.refreshExpiresAt].filter((t) => t > now);
  return { access, refresh, refusedFrom, nextChangeAt: upcoming.length ? Math.min(...upcoming) : null };
}

export interface SessionTimes {
  /** Already the earlier of the idle end and the absolute end (the server sends it so). */
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

export interface SessionPhase {
  live: boolean;
  endsAt: number;
  /** Which limit ends it: a session kept in use still ends at its absolute lifetime. */
  reason: 'idle' | 'absolute';
}

/** A session has no clock tolerance: the store decides, on its own clock, at the exact moment. */
export function sessionPhase(times: SessionTimes, now: number): SessionPhase {
  const idle = Date.parse(times.idleExpiresAt);
  const absolute = Date.parse(times.absoluteExpiresAt);
  const endsAt = Math.min(idle, absolute);
  return { live: now < endsAt, endsAt, reason: absolute <= idle ? 'absolute' : 'idle' };
}

export const SESSION_END_TEXT: Record<SessionPhase['reason'], string> = {
  idle: 'the session expired after a period without use (idle timeout)',
  absolute: 'the session reached its absolute lifetime',
};

export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}
