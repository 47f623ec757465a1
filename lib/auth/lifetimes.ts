// Credential lifetimes: the configured defaults, or "demo speed" for one visitor's sign-in.
// Runtime: edge and Node. Demo speed changes only the credentials of the sign-in that asks for it.
import type { Config } from '../config';

export interface Lifetimes {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  sessionIdleTtl: number;
  sessionAbsoluteTtl: number;
}

/** Short enough that a whole life cycle (expiry, refresh, idle, absolute) plays out in five minutes. */
export const DEMO_LIFETIMES: Lifetimes = {
  accessTokenTtl: 20,
  refreshTokenTtl: 120,
  sessionIdleTtl: 60,
  sessionAbsoluteTtl: 300,
};

/** Seconds-long lives, so automated tests (and the impatient) see every expiry without waiting minutes. */
export const FAST_LIFETIMES: Lifetimes = {
  accessTokenTtl: 6,
  refreshTokenTtl: 40,
  sessionIdleTtl: 5,
  sessionAbsoluteTtl: 12,
};

export type LifetimeChoice = 'default' | 'demo' | 'fast';

export function lifetimesFor(config: Config, choice: LifetimeChoice = 'default'): Lifetimes {
  if (choice === 'demo') return DEMO_LIFETIMES;
  if (choice === 'fast') return FAST_LIFETIMES;
  return {
    accessTokenTtl: config.accessTokenTtl,
    refreshTokenTtl: config.refreshTokenTtl,
    sessionIdleTtl: config.sessionIdleTtl,
    sessionAbsoluteTtl: config.sessionAbsoluteTtl,
  };
}

/** The longest an access token issued now can live, whichever lifetimes its sign-in chose. */
export function longestAccessTokenTtl(config: Config): number {
  return Math.max(config.accessTokenTtl, DEMO_LIFETIMES.accessTokenTtl, FAST_LIFETIMES.accessTokenTtl);
}
