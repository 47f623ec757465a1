// What an auth check cost, measured step by step, and the `Server-Timing` header that reports it.
// Runtime: edge and Node. The browser-side parser of this header is app/_lib/server-timing.ts.

/** One measured step of a check (unseal, store, verify, denylist); `desc` says what it was. */
export interface TimingPart {
  name: 'unseal' | 'store' | 'verify' | 'denylist';
  durMs: number;
  desc?: string;
}

/** What a check cost, for the `Server-Timing` header: `desc` names what was checked. */
export interface AuthTiming {
  desc: string;
  durMs: number;
  parts?: TimingPart[];
}

/** Measures consecutive steps: each `lap` records the time since the previous one. */
export class Laps {
  private last = performance.now();
  readonly parts: TimingPart[] = [];

  lap(name: TimingPart['name'], desc?: string): void {
    const now = performance.now();
    this.parts.push({ name, durMs: now - this.last, ...(desc ? { desc } : {}) });
    this.last = now;
  }

  /** Starts the next lap now: the time since the last one stays in the total but in no part. */
  skip(): void {
    this.last = performance.now();
  }
}

/** `auth;dur=0.21;desc="jwt ES256", verify;dur=0.19`: the total first, then its parts. */
export function serverTiming(timing: AuthTiming): string {
  const parts = (timing.parts ?? []).map((p) => `${p.name};dur=${p.durMs.toFixed(2)}${p.desc ? `;desc="${p.desc}"` : ''}`);
  return [`auth;dur=${timing.durMs.toFixed(2)};desc="${timing.desc}"`, ...parts].join(', ');
}
