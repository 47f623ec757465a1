'use client';

import { useState } from 'react';
import {
  MATRIX_CELLS,
  type MatrixCell,
  type MatrixColumn,
  type MatrixLine,
  type MatrixOutcome,
  type MatrixRow,
} from '@/lib/lab/matrix-outcomes';
import { readNdjson } from '../_lib/ndjson';

const COLUMNS: { key: MatrixColumn; title: string; question: string }[] = [
  { key: 'exfiltration', title: '(a) XSS exfiltration', question: 'can an injected script read something it can replay from elsewhere?' },
  { key: 'riding', title: '(b) XSS riding', question: 'can it act as the user while the page is open?' },
  { key: 'csrf', title: '(c) CSRF', question: 'does a cross-site request ride the credential?' },
  { key: 'replay', title: '(d) Stolen copy after sign-out', question: 'still accepted?' },
  { key: 'bytes', title: '(e) Credential bytes per request', question: 'Cookie + Authorization as sent' },
  { key: 'lookups', title: '(f) Store lookups per request', question: 'from the Server-Timing of GET /api/me' },
];

const cellName = (c: MatrixCell) => `${c.mode === 'session' ? 'Session' : 'JWT'} × ${c.transport}`;
const cellKey = (c: MatrixCell) => `${c.mode}-${c.transport}`;

type Progress =
  | { state: 'idle' }
  | { state: 'running'; done: number; user?: string }
  | { state: 'done'; user: string }
  | { state: 'error'; message: string; done: number };

function Outcome({ outcome, label }: { outcome: MatrixOutcome | undefined; label: string }) {
  if (!outcome) return <span className="text-muted">—</span>;
  const mark = outcome.verdict === 'blocked' ? '✓ ' : outcome.verdict === 'through' ? '✗ ' : '';
  const tone = outcome.verdict === 'blocked' ? 'text-ok' : outcome.verdict === 'through' ? 'text-bad' : '';
  return (
    <div className="flex flex-col gap-1">
      <span data-testid="outcome" className={`font-medium ${tone}`}>
        {mark}
        {outcome.text}
      </span>
      <details className="text-xs">
        <summary className="cursor-pointer text-muted">
          Evidence<span className="sr-only"> for {label}</span>
        </summary>
        <ol className="mt-1 flex list-decimal flex-col gap-0.5 pl-4 font-mono [overflow-wrap:anywhere]">
          {outcome.evidence.map((e, i) => (
            <li key={i}>
              {e.request}
              {e.status !== undefined ? (
                <>
                  {' '}
                  → <strong>{e.status}</strong>
                  {e.code ? ` ${e.code}` : ''}
                </>
              ) : null}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

/** The transport matrix, attacked: six cells, six measured columns, played by the server on a throwaway member. */
export function AttackMatrix() {
  const [rows, setRows] = useState<Record<string, MatrixRow>>({});
  const [progress, setProgress] = useState<Progress>({ state: 'idle' });
  const running = progress.state === 'running';
  const total = MATRIX_CELLS.length;
  const done = progress.state === 'running' || progress.state === 'error' ? progress.done : progress.state === 'done' ? total : 0;

  const run = async () => {
    setRows({});
    setProgress({ state: 'running', done: 0 });
    let user = '';
    let played = 0;
    try {
      // No cookie of the visitor's goes out or comes back: the server signs a throwaway in and plays every request.
      const response = await fetch('/api/lab/attack', {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' },
        body: JSON.stringify({ attack: 'transport-matrix' }),
      });
      if (response.status !== 200) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `POST /api/lab/attack answered ${response.status}`);
      }
      if (!response.body) throw new Error('the answer has no body');
      await readNdjson(response.body, (parsed) => {
        const line = parsed as MatrixLine;
        if ('error' in line) throw new Error(line.error.message);
        if ('user' in line) user = line.user;
        if ('row' in line) {
          const row = line.row;
          played = line.done;
          setRows((r) => ({ ...r, [cellKey(row)]: row }));
        }
        setProgress({ state: 'running', done: played, user });
      });
      if (played < total) throw new Error(`the answer ended after ${played} of ${total} cells`);
      setProgress({ state: 'done', user });
    } catch (e) {
      setProgress({ state: 'error', message: e instanceof Error ? e.message : String(e), done: played });
    }
  };

  return (
    <section aria-labelledby="attack-matrix-title" className="flex flex-col gap-4 rounded-xl border border-line bg-surface p-4 sm:p-6">
      <h2 id="attack-matrix-title" className="text-lg font-semibold">
        The transport matrix, attacked
      </h2>
      <p className="text-sm text-muted">
        &quot;Session or JWT&quot; is two questions: what the credential is, and where it travels. One run signs a throwaway member in in
        each of the six cells and plays every attack live; the server plays the victim&apos;s browser, its page and the attacker with real
        requests to itself, so your own cookies never change (a run takes a few seconds: each of its seven sign-ins, one to make the user,
        is a deliberately slow password hash). The point the table makes: HttpOnly stops a script from carrying a credential away, never
        from riding it while the page is open: only keeping scripts out (CSP, escaping) does.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          disabled={running}
          onClick={() => void run()}
          className="rounded-md border border-line-strong px-3 py-1.5 text-sm font-medium hover:bg-hover disabled:opacity-50"
        >
          Run the matrix
        </button>
        <progress aria-label="Cells played" max={total} value={done} className="h-2 w-32" />
        <p role="status" data-testid="matrix-status" className="min-h-10 basis-full text-sm text-muted">
          {progress.state === 'idle'
            ? 'Not run yet.'
            : progress.state === 'running'
              ? `Playing: ${progress.done} of ${total} cells played${progress.user ? ` as ${progress.user}` : ''}…`
              : progress.state === 'done'
                ? `Done: ${total} of ${total} cells played as ${progress.user}.`
                : `Error after ${progress.done} of ${total} cells: ${progress.message}`}
        </p>
      </div>
      {/* On a phone the table becomes stacked rows (`stack-table`): nothing hides in a sideways-scrolling box.
          Between that and a wide screen it scrolls inside its own box, never the page (relative: the
          screen-reader-only labels, absolutely placed, are clipped by this box too, not by the page). */}
      <div
        role="region"
        aria-label="Transport matrix results"
        tabIndex={0}
        className="relative max-w-full rounded-lg border border-line sm:overflow-x-auto"
      >
        <table className="stack-table w-full border-collapse text-left text-sm sm:min-w-[54rem]">
          <caption className="p-2 text-left text-xs text-muted">
            Six cells (what the credential is × where it travels), each played live on a throwaway member. ✓ the attack was blocked, ✗ it
            got through; (e) and (f) are measured figures. Open &quot;Evidence&quot; for the requests and answers behind a cell.
          </caption>
          <thead>
            <tr className="border-b border-line align-bottom">
              <th scope="col" className="p-2">
                Cell
              </th>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" className="p-2">
                  {c.title}
                  <span className="block text-xs font-normal text-muted">{c.question}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {MATRIX_CELLS.map((cell) => {
              const row = rows[cellKey(cell)];
              return (
                <tr
                  key={cellKey(cell)}
                  data-testid={`matrix-row-${cellKey(cell)}`}
                  className="border-b border-line align-top last:border-b-0"
                >
                  <th scope="row" className="p-2 font-medium whitespace-nowrap">
                    {cellName(cell)}
                  </th>
                  {COLUMNS.map((c) => (
                    <td key={c.key} data-label={c.title} data-testid={`matrix-${c.key}`} className="p-2">
                      <Outcome outcome={row?.outcomes[c.key]} label={`${cellName(cell)}, ${c.title}`} />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
