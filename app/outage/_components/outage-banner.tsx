import type { OutageState } from '../_lib/outage-client';

/** The banner while the store is down (on purpose or not); nothing while it is up. */
export function OutageBanner({ state, now }: { state: OutageState | undefined; now: number }) {
  if (state && !state.available && state.reachable === false) {
    return (
      <div
        role="alert"
        className="rounded-lg border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100"
      >
        <strong>Store unreachable.</strong> {state.reason}
      </div>
    );
  }
  if (!state?.available || !state.outage) return null;
  const left = Math.max(0, Math.ceil((Date.parse(state.outage.endsAt) - now) / 1000));
  return (
    <div
      role="alert"
      data-testid="outage-banner"
      className="flex items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <span aria-hidden className="text-lg">
        ⚠
      </span>
      <p>
        <strong>The session store is down</strong>: it is {state.outage.mode === 'refuse' ? 'refusing' : 'hanging on'} every command. Back
        in {left} s.
      </p>
    </div>
  );
}
