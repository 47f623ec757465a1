'use client';

import { rowView, type LifetimeRow } from '../_lib/lifetime-rows';
import { useNow } from '../_lib/use-now';
import { CLOCK_TOLERANCE } from '../_lib/credential-clock';

const FILL: Record<ReturnType<typeof rowView>['state'], string> = {
  running: 'bg-accent-solid',
  tolerated: 'bg-warn',
  ended: 'bg-bad',
};

/**
 * The credential lifetimes as bars that run down, live: what is left, where the server's clock
 * tolerance sits after the end, and the moments of refresh (◆) and refusal (✗). The text beside
 * each bar says the same in words, so colour is never the only signal.
 */
export function LifetimeBars({ label, rows }: { label: string; rows: LifetimeRow[] }) {
  const moments = rows.flatMap((r) => [r.endsAt, r.endsAt + r.toleranceMs, ...r.marks.map((m) => m.at)]);
  const now = useNow(moments);
  const tolerant = rows.some((r) => r.toleranceMs > 0);
  return (
    <section aria-label={label} className="flex flex-col gap-1.5" data-testid="lifetime-bars">
      <ul className="flex flex-col gap-1.5">
        {rows.map((row) => {
          const view = rowView(row, now);
          return (
            <li key={row.id} className="grid grid-cols-[7.5rem_1fr] items-center gap-x-2 gap-y-0.5 text-xs" data-testid={`bar-${row.id}`}>
              <span className="font-medium">{row.label}</span>
              <span className="relative h-3 overflow-hidden rounded-sm bg-sunken" aria-hidden>
                {row.toleranceMs > 0 ? (
                  <span
                    className="absolute inset-y-0 right-0 bg-warn-soft"
                    style={{ left: `${view.endAt * 100}%` }}
                    title="clock tolerance"
                  />
                ) : null}
                {/* Moved by transforms, not left/width: a bar running down must not count as a layout shift. */}
                <span
                  className={`absolute inset-0 origin-left ${FILL[view.state]}`}
                  style={{ transform: `translateX(${(view.endAt - view.left) * 100}%) scaleX(${view.left})` }}
                />
                {view.marks.map((m) => (
                  <span key={`${m.kind}-${m.at}`} className="absolute inset-0" style={{ transform: `translateX(${m.position * 100}%)` }}>
                    <span className={`absolute inset-y-0 -left-px w-0.5 ${m.kind === 'refresh' ? 'bg-ok' : 'bg-bad'}`} />
                  </span>
                ))}
              </span>
              <span className="col-start-2 font-mono tabular-nums text-muted" data-state={view.state}>
                {view.state === 'ended' ? '✗ ' : view.state === 'tolerated' ? '⚠ ' : ''}
                {view.text}
                {view.marks
                  .filter((m) => !m.passed && m.kind === 'refresh')
                  .map((m) => ` · ◆ ${m.label} at ${new Date(m.at).toLocaleTimeString()}`)
                  .join('')}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="text-xs text-muted">
        Bars run down to the moment the server refuses the credential (✗ line)
        {tolerant ? `; the pale end of a token's bar is the server's ${CLOCK_TOLERANCE} s clock tolerance after exp` : ''}; ◆ marks a
        refresh.
      </p>
    </section>
  );
}
