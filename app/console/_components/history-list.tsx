import { credentialOption } from '../_lib/credentials';
import type { HistoryEntry } from '../_lib/history';
import { card, cardTitle, methodTone, muted, smallButton } from './ui';

export function HistoryList({
  entries,
  onEdit,
  onResend,
  onClear,
  busy,
}: {
  entries: readonly HistoryEntry[];
  onEdit: (entry: HistoryEntry) => void;
  onResend: (entry: HistoryEntry) => void;
  onClear: () => void;
  busy: string | null;
}) {
  return (
    <section aria-labelledby="history-title" className={card}>
      <div className="flex items-center justify-between gap-2">
        <h2 id="history-title" className={cardTitle}>
          History
        </h2>
        {entries.length > 0 ? (
          <button type="button" className={smallButton} onClick={onClear}>
            Clear history
          </button>
        ) : null}
      </div>
      <p className={`mt-1 text-xs ${muted}`}>This tab only (sessionStorage), with every token taken out before it is stored.</p>
      {entries.length === 0 ? <p className={`mt-2 text-sm ${muted}`}>No requests yet.</p> : null}
      <ol aria-label="Sent requests" className="mt-2 flex flex-col divide-y divide-line">
        {entries.map((entry) => {
          const label = `${entry.draft.method} ${entry.draft.path}`;
          return (
            <li key={entry.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
              <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${methodTone(entry.draft.method)}`}>
                {entry.draft.method}
              </span>
              <span className="min-w-0 flex-1 truncate font-mono text-xs">{entry.draft.path}</span>
              <span className="font-mono text-xs">
                {entry.status ?? '—'} {entry.outcome}
              </span>
              <span className={`text-xs ${muted}`}>
                {credentialOption(entry.draft.credential).label}
                {entry.durationMs === null ? '' : ` · ${entry.durationMs.toFixed(0)} ms`} · {new Date(entry.at).toLocaleTimeString()}
              </span>
              <span className="flex gap-1">
                <button type="button" className={smallButton} onClick={() => onEdit(entry)} aria-label={`Edit ${label}`}>
                  Edit
                </button>
                <button
                  type="button"
                  className={smallButton}
                  onClick={() => onResend(entry)}
                  disabled={busy !== null}
                  aria-label={`Send again ${label}`}
                >
                  Send again
                </button>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
