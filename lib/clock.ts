// The clock that time-dependent logic takes, so tests set time instead of waiting for it.
// Runtime: edge and Node.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Whole seconds since the epoch, as JWT claims count them. */
export const epochSeconds = (clock: Clock) => Math.floor(clock.now() / 1000);

export const iso = (ms: number) => new Date(ms).toISOString();
