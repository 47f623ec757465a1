export interface TimelineEvent {
  at: number;
  text: string;
  tone: 'ok' | 'fail' | 'info';
}

const MARK: Record<TimelineEvent['tone'], string> = { ok: '✓', fail: '✗', info: '•' };

/** A pane's history: every request, refresh, expiry and sign-out, newest first, with times. */
export function EventTimeline({ label, events }: { label: string; events: TimelineEvent[] }) {
  return (
    <section aria-label={label} className="flex flex-col gap-1">
      <h3 className="text-sm font-medium">Timeline</h3>
      {events.length === 0 ? (
        <p className="text-xs text-muted">Nothing yet.</p>
      ) : (
        <ol className="max-h-56 overflow-y-auto text-xs" aria-live="polite">
          {events.map((e, i) => (
            <li key={`${e.at}-${i}`} className="flex gap-2 border-b border-line py-1">
              <span className="font-mono tabular-nums text-muted">{new Date(e.at).toLocaleTimeString()}</span>
              <span aria-hidden className={e.tone === 'ok' ? 'text-ok' : e.tone === 'fail' ? 'text-bad' : 'text-muted'}>
                {MARK[e.tone]}
              </span>
              <span>{e.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
