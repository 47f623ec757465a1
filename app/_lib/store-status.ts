// Whether the store answers, as the page learns it: any call that gets 503 `store_unavailable` says
// so, the outage banner polls readiness with backoff, and panes re-check when it is back. Runtime: browser.

export const STORE_DOWN = 'authlab:store-down';
export const STORE_UP = 'authlab:store-up';

export interface StoreDownDetail {
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  retryAfter: number | undefined;
}

export function reportStoreDown(retryAfter: number | undefined): void {
  if (typeof window === 'undefined') return;
  window.dispatchEvent(new CustomEvent<StoreDownDetail>(STORE_DOWN, { detail: { retryAfter } }));
}

export function reportStoreUp(): void {
  if (typeof window === 'undefined') return;
  window.dispatchEvent(new Event(STORE_UP));
}

/** The wait before check number `attempt` (0-based): Retry-After first, then doubling, at most 30 s. */
export function backoffMs(attempt: number, retryAfter: number | undefined): number {
  const first = Math.max(1, retryAfter ?? 1) * 1000;
  return Math.min(30_000, first * 2 ** Math.max(0, attempt));
}
