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

export type LifetimeChoice = 'default' | 'demo';

export function lifetimesFor(config: Config, choice: LifetimeChoice = 'default'): Lifetimes {
  if (choice === 'demo') return DEMO_LIFETIMES;
  return {
    accessTokenTtl: config.accessTokenTtl,
    refreshTokenTtl: config.refreshTokenTtl,
    sessionIdleTtl: config.sessionIdleTtl,
    sessionAbsoluteTtl: config.sessionAbsoluteTtl,
  };
}
