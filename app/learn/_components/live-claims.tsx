'use client';

// The Learn page's live figures: "Measure on this server" runs every claim's measurement in turn
// (POST /api/lab/measure, played by the server on its own loopback port, lib/measure/claims.ts) as a
// throwaway member, and each claim card shows what came back. Nothing here sends or keeps this
// browser's cookies (`credentials: 'omit'`), so who you are on `/` is untouched.
import dynamic from 'next/dynamic';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { MEASURED_CLAIMS, type MeasuredClaim } from '@/lib/measure/claim-ids';
import type { ClaimResult, Figure, Series } from '@/lib/measure/claims';
import { throwawayUser } from '../../_lib/throwaway-client';

// Recharts loads only once there is something to draw.
const ClaimChart = dynamic(() => import('./claim-chart').then((m) => m.ClaimChart), { ssr: false });

type Outcome = { kind: 'done'; result: ClaimResult } | { kind: 'error'; text: string };

interface Run {
  phase: 'idle' | 'busy' | 'done';
  done: number;
  current: string;
  at: number | undefined;
  user: string | undefined;
  error: string | undefined;
  outcomes: Partial<Record<MeasuredClaim, Outcome>>;
  /** This browser's own app cookies, by name: which it sends, and which of them this page's script can read. */
  browser: { sent: string[]; readable: string[] } | undefined;
}

const IDLE: Run = {
  phase: 'idle',
  done: 0,
  current: '',
  at: undefined,
  user: undefined,
  error: undefined,
  outcomes: {},
  browser: undefined,
};

/**
 * The one check that has to happen here, in the page: which app cookies this browser sends (their names,
 * from GET /api/lab/cookies, which never sets or returns a value) against what `document.cookie` shows
 * this page's script. A read, like any page load: nothing is set.
 */
async function browserCookies(): Promise<Run['browser']> {
  const response = await fetch('/api/lab/cookies?path=/api/me', { credentials: 'same-origin' });
  if (response.status !== 200) return undefined;
  const report = (await response.json()) as { cookies: { name: string; carried: boolean | null }[]; others: string[] };
  const sent = [
    ...report.cookies.filter((c) => c.carried === true).map((c) => c.name),
    ...report.others.filter((n) => n.startsWith('authlab_')),
  ];
  const visible = new Set(document.cookie.split(';').map((part) => part.split('=')[0]?.trim() ?? ''));
  return { sent, readable: sent.filter((name) => visible.has(name)) };
}

const Ctx = createContext<{ run: Run; start: () => void; titles: Record<string, string> }>({
  run: IDLE,
  start: () => undefined,
  titles: {},
});

async function errorText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The server answered ${response.status}.`;
}

/** Holds one run's results for the panel and every card below it; `titles` names the claims in the status line. */
export function LiveClaims({ titles, children }: { titles: Record<string, string>; children: ReactNode }) {
  const [run, setRun] = useState<Run>(IDLE);
  const start = useCallback(() => {
    setRun({ ...IDLE, phase: 'busy', current: 'a throwaway member' });
    void (async () => {
      let user: { username: string; password: string };
      try {
        user = await throwawayUser();
      } catch (error) {
        setRun({ ...IDLE, phase: 'done', at: Date.now(), error: error instanceof Error ? error.message : String(error) });
        return;
      }
      const outcomes: Run['outcomes'] = {};
      for (const [i, claim] of MEASURED_CLAIMS.entries()) {
        setRun((r) => ({ ...r, user: user.username, done: i, current: titles[claim] ?? claim }));
        try {
          const response = await fetch('/api/lab/measure', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify({ claim, username: user.username, password: user.password }),
            credentials: 'omit',
          });
          outcomes[claim] =
            response.status === 200
              ? { kind: 'done', result: (await response.json()) as ClaimResult }
              : { kind: 'error', text: await errorText(response) };
        } catch (error) {
          outcomes[claim] = { kind: 'error', text: error instanceof Error ? error.message : String(error) };
        }
        setRun((r) => ({ ...r, done: i + 1, outcomes: { ...outcomes } }));
      }
      const browser = await browserCookies().catch(() => undefined);
      setRun((r) => ({ ...r, phase: 'done', at: Date.now(), current: '', browser }));
    })();
  }, [titles]);
  return <Ctx.Provider value={{ run, start, titles }}>{children}</Ctx.Provider>;
}

/** The button, the progress bar and the status line. */
export function MeasurePanel() {
  const { run, start } = useContext(Ctx);
  const total = MEASURED_CLAIMS.length;
  const failed = Object.values(run.outcomes).filter((o) => o.kind === 'error').length;
  return (
    <section aria-labelledby="live-title" className="rounded-xl border border-line bg-surface p-4 sm:p-6">
      <h2 id="live-title" className="text-lg font-medium">
        Measure every claim on this server
      </h2>
      <p id="live-hint" className="mt-1 max-w-3xl text-sm text-muted">
        No figure on this page is written into its source: each claim&apos;s number comes from this button. The server measures itself, over
        its own loopback port, as a throwaway member created for the run (it ends in 10 minutes): the requests, how many, and what is read
        from each answer (credential bytes, the <code>auth</code> part of <code>Server-Timing</code>, the status) are the ones{' '}
        <code>npm run bench -- --claims</code> records. This browser&apos;s cookies are neither sent nor changed; who you are on the sign-in
        page stays who you are.
      </p>
      <button
        type="button"
        onClick={start}
        disabled={run.phase === 'busy'}
        aria-describedby="live-hint"
        className="mt-3 rounded-md bg-accent-solid px-4 py-2 text-sm font-medium text-white hover:bg-accent-solid-hover disabled:opacity-60"
      >
        Measure on this server
      </button>
      <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
        <label htmlFor="live-progress" className="text-muted">
          Claims measured
        </label>
        <progress id="live-progress" max={total} value={run.done} className="h-2 w-48 max-w-full accent-accent-solid" />
        <span className="tabular-nums text-muted" data-testid="live-progress-count">
          {run.done} of {total}
        </span>
      </div>
      <p role="status" className="mt-2 min-h-5 text-sm text-muted">
        {run.phase === 'busy'
          ? `Measuring ${Math.min(run.done + 1, total)} of ${total}: ${run.current}…`
          : run.phase === 'done' && run.at !== undefined
            ? `Measured at ${new Date(run.at).toLocaleTimeString()}: ${run.done} of ${total} claims on this server${run.user ? `, as the throwaway member ${run.user}` : ''}${failed ? `; ${failed} stopped with an error (see the card)` : ''}.`
            : 'Nothing measured yet.'}
      </p>
      {run.error ? (
        <p role="alert" className="text-sm text-bad">
          Error: {run.error}
        </p>
      ) : null}
    </section>
  );
}

const fmt = (f: Pick<Figure, 'value' | 'unit'>) => {
  const v = f.value;
  const text = Number.isInteger(v) ? v.toLocaleString('en') : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return f.unit ? `${text} ${f.unit}` : text;
};
const ms = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));

function reading(series: Series[]): string {
  return series.map((s) => `${s.label}: median ${ms(s.median)} ms, p95 ${ms(s.p95)} ms over ${s.n} requests`).join('; ') + '.';
}

/** One claim card's live figure: "not measured yet" until a run brings it. */
export function LiveFigure({ claim }: { claim: MeasuredClaim }) {
  const { run } = useContext(Ctx);
  const outcome = run.outcomes[claim];
  const id = `live-${claim}`;
  if (!outcome) {
    return (
      <div className="mt-3 max-w-3xl rounded-lg bg-sunken p-3 text-sm" data-testid={id}>
        <span className="font-medium">Measured on this server: </span>
        {run.phase === 'busy' ? 'waiting for its turn…' : 'not measured yet. Press “Measure on this server” above.'}
      </div>
    );
  }
  if (outcome.kind === 'error') {
    return (
      <div className="mt-3 max-w-3xl rounded-lg bg-sunken p-3 text-sm" data-testid={id}>
        <span className="font-medium">Measured on this server: </span>
        <span className="text-bad">the measurement stopped: {outcome.text}</span>
      </div>
    );
  }
  const { figures, series, method } = outcome.result;
  return (
    <div className="mt-3 max-w-3xl rounded-lg bg-sunken p-3 text-sm" data-testid={id}>
      <p className="font-medium" id={`${id}-title`}>
        Measured on this server{run.at ? ` at ${new Date(run.at).toLocaleTimeString()}` : ''}
      </p>
      <table className="stack-table mt-1 w-full text-left tabular-nums" aria-labelledby={`${id}-title`}>
        <thead className="sr-only">
          <tr>
            <th scope="col">What</th>
            <th scope="col">Figure</th>
            <th scope="col">How it was read</th>
          </tr>
        </thead>
        <tbody>
          {figures.map((f) => (
            <tr key={f.label} className="border-t border-line">
              <th scope="row" className="py-1 pr-3 font-normal">
                {f.label}
              </th>
              <td data-label="Figure" className="py-1 pr-3 font-mono font-medium whitespace-nowrap" data-figure={f.value}>
                {fmt(f)}
              </td>
              <td data-label="How it was read" className="py-1 text-muted">
                {f.detail ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-muted">
        <span className="font-medium">How: </span>
        {method}
      </p>
      {claim === 'jwt-cookie' && run.browser ? <BrowserCookies {...run.browser} /> : null}
      {series.length > 0 ? (
        <figure className="mt-3" aria-labelledby={`${id}-caption`}>
          <figcaption id={`${id}-caption`} className="font-medium">
            How the samples spread: {series.map((x) => x.label).join(' and ')} ({series[0]?.of ?? 'ms'})
          </figcaption>
          <p className="mt-1 text-muted">{reading(series)}</p>
          <div className="mt-2 h-56 w-full min-w-0">
            <ClaimChart series={series} />
          </div>
          <table className="stack-table mt-2 w-full text-left tabular-nums">
            <caption className="sr-only">The same distributions in numbers</caption>
            <thead className="text-muted">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Series
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  n
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Median, ms
                </th>
                <th scope="col" className="py-1 font-medium">
                  p95, ms
                </th>
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.label} className="border-t border-line">
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {s.label}
                  </th>
                  <td data-label="n" className="py-1 pr-3">
                    {s.n}
                  </td>
                  <td data-label="Median, ms" className="py-1 pr-3 font-mono">
                    {ms(s.median)}
                  </td>
                  <td data-label="p95, ms" className="py-1 font-mono">
                    {ms(s.p95)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      ) : null}
    </div>
  );
}

function BrowserCookies({ sent, readable }: { sent: string[]; readable: string[] }) {
  return (
    <p className="mt-2" data-testid="browser-cookies">
      <span className="font-medium">In this browser, now: </span>
      {sent.length === 0
        ? 'it sends no authlab cookie (nobody is signed in here with a cookie). Sign in on the sign-in page with a cookie transport to see the same check on your own cookies.'
        : `it sends ${sent.length} authlab cookie${sent.length === 1 ? '' : 's'} with GET /api/me (${sent.join(', ')}); this page's script can read ${readable.length === 0 ? 'none of them' : readable.join(', ')}.`}
    </p>
  );
}
