'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import {
  MODE_LABELS,
  bytesReading,
  costHistogram,
  costReading,
  denylistReading,
  denylistRows,
  summarizeModes,
  tripsReading,
  type ModeSummary,
} from '../_lib/results';
import { runMeasurement, type RunProgress, type RunResult } from '../_lib/runner';

// Recharts is only needed once there is something to draw; the page loads without it.
const loading = () => <p className="h-[260px] text-sm text-muted">Loading the chart…</p>;
const CostDistributionChart = dynamic(() => import('./charts').then((m) => m.CostDistributionChart), { ssr: false, loading });
const BytesChart = dynamic(() => import('./charts').then((m) => m.BytesChart), { ssr: false, loading });
const TripsChart = dynamic(() => import('./charts').then((m) => m.TripsChart), { ssr: false, loading });
const DenylistChart = dynamic(() => import('./charts').then((m) => m.DenylistChart), { ssr: false, loading });

const SIZES = [20, 50, 100, 200, 500] as const;
const subscribeNothing = () => () => {};

const field = 'mt-1 block rounded-md border border-line bg-surface px-2 py-1.5 text-sm';
const button = 'rounded-md px-4 py-2 text-sm font-medium disabled:opacity-60';
const th = 'px-2 py-1 text-left font-medium';
const td = 'px-2 py-1 text-right font-mono tabular-nums';

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(3) : '–');
const trips = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function ChartCard({
  id,
  title,
  reading,
  chart,
  table,
}: {
  id: string;
  title: string;
  reading: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  return (
    <figure aria-labelledby={`${id}-title`} className="flex min-w-0 flex-col gap-3 rounded-xl border border-line bg-surface p-4">
      <figcaption>
        <h3 id={`${id}-title`} className="font-medium">
          {title}
        </h3>
        <p data-testid={`${id}-reading`} className="mt-1 text-sm text-muted">
          {reading}
        </p>
      </figcaption>
      <div className="min-w-0">{chart}</div>
      <div className="min-w-0">{table}</div>
    </figure>
  );
}

function CostTable({ summaries }: { summaries: ModeSummary[] }) {
  return (
    <table data-testid="cost-table" className="stack-table w-full text-sm">
      <caption className="sr-only">Auth cost per mode, from each answer&apos;s Server-Timing</caption>
      <thead className="text-muted">
        <tr>
          <th className={th}>Mode</th>
          <th className={`${th} text-right`}>Requests</th>
          <th className={`${th} text-right`}>Median ms</th>
          <th className={`${th} text-right`}>p95 ms</th>
          <th className={`${th} text-right`}>Parts (median ms)</th>
        </tr>
      </thead>
      <tbody>
        {summaries.map((s) => (
          <tr key={s.mode} data-mode={s.mode} className="border-t border-line">
            <th scope="row" className={th}>
              {MODE_LABELS[s.mode]}
            </th>
            <td className={td} data-label="Requests">
              {s.samples}
            </td>
            <td className={td} data-label="Median ms" data-testid={`median-${s.mode}`}>
              {fmt(s.auth.median)}
            </td>
            <td className={td} data-label="p95 ms" data-testid={`p95-${s.mode}`}>
              {fmt(s.auth.p95)}
            </td>
            <td className={td} data-label="Parts (median ms)">
              {Object.entries(s.parts)
                .map(([name, value]) => `${name} ${fmt(value)}`)
                .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DenylistNote({ result, summaries }: { result: RunResult; summaries: ModeSummary[] }) {
  if (result.denylist.state === 'measured') {
    const notes = [
      'The denylist was on for every instance, so every JWT answer above includes its lookup.',
      summaries.some((s) => s.mode === 'jwt') ? null : 'JWT without the denylist was not measured: it is measured while the switch is off.',
    ].filter(Boolean);
    return <p className="text-sm text-muted">{notes.join(' ')}</p>;
  }
  return (
    <p data-testid="denylist-not-measured" className="rounded-md bg-warn-soft p-3 text-sm text-warn-on-soft">
      Not measured: the denylist is off, and this page measures the setting as it is (it signs in a throwaway member, who can&apos;t switch
      it). An admin switches it on the{' '}
      <Link href="/revocation" className="underline">
        Revocation page
      </Link>{' '}
      (or with <code className="font-mono">PATCH /api/settings {'{"jwtDenylist": true}'}</code>); run again while it is on, and this page
      reads each JWT answer&apos;s <code className="font-mono">denylist</code> part.
    </p>
  );
}

export function MeasureLab() {
  const [perMode, setPerMode] = useState<number>(50);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [result, setResult] = useState<RunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const controller = useRef<AbortController | null>(null);
  // Until React has hydrated, the form would submit as a plain page load: the button waits for it.
  const ready = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setError(null);
    setResult(null);
    try {
      const outcome = await runMeasurement({
        perMode,
        signal: abort.signal,
        onProgress: setProgress,
      });
      setResult(outcome);
      setProgress((p) => ({
        done: p?.total ?? 0,
        total: p?.total ?? 0,
        phase:
          outcome.sessionCarrier === 'cookie'
            ? `Done: ${outcome.samples.length} requests in ${(outcome.elapsedMs / 1000).toFixed(1)} s: the session with this browser's own cookie, the JWT as throwaway user ${outcome.username}.`
            : `Done: ${outcome.samples.length} requests in ${(outcome.elapsedMs / 1000).toFixed(1)} s, as throwaway user ${outcome.username}.`,
      }));
    } catch (e) {
      const stopped = abort.signal.aborted;
      setError(stopped ? 'Stopped.' : e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
      controller.current = null;
    }
  };

  const summaries = useMemo(() => (result ? summarizeModes(result.samples) : []), [result]);
  const histogram = useMemo(() => (result ? costHistogram(result.samples) : []), [result]);
  const modes = summaries.map((s) => s.mode);
  const bytesRows = result
    ? [
        ...(result.cookieBytes !== undefined
          ? [
              {
                label: result.sessionCarrier === 'cookie' ? 'Session cookie' : 'Session id (header)',
                mode: 'session' as const,
                bytes: result.cookieBytes,
              },
            ]
          : []),
        ...(result.bearerBytes !== undefined ? [{ label: 'JWT bearer', mode: 'jwt' as const, bytes: result.bearerBytes }] : []),
      ]
    : [];
  const tripRows = summaries.map((s) => ({ label: MODE_LABELS[s.mode], mode: s.mode, trips: Math.round(s.roundTrips.mean * 100) / 100 }));
  const denylistReadingText = denylistReading(summaries);

  return (
    <div className="flex flex-col gap-6 [--measure-check:#56b4e9] [--measure-denylist:#882255] [--measure-jwt:#d55e00] [--measure-lookup:#0072b2] [--measure-session:#0072b2] dark:[--measure-check:#8fd0f5] dark:[--measure-denylist:#cc79a7] dark:[--measure-jwt:#e69f00] dark:[--measure-lookup:#3b82c4] dark:[--measure-session:#56b4e9]">
      <section aria-labelledby="run-title" className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4">
        <h2 id="run-title" className="font-medium">
          Run a measurement
        </h2>
        <form onSubmit={(e) => void start(e)} className="flex flex-wrap items-end gap-4">
          <label className="text-sm font-medium">
            Requests per mode
            <select className={field} value={perMode} onChange={(e) => setPerMode(Number(e.target.value))} disabled={running}>
              {SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          {running ? (
            <button
              type="button"
              className={`${button} border border-line-strong hover:bg-hover`}
              onClick={() => controller.current?.abort()}
            >
              Stop
            </button>
          ) : (
            <button type="submit" disabled={!ready} className={`${button} bg-accent-solid text-white hover:bg-accent-solid-hover`}>
              Start run
            </button>
          )}
        </form>
        <p className="text-xs text-muted">
          A run creates a throwaway member (<code className="font-mono">POST /api/lab/throwaway</code>, gone after ten minutes) and signs it
          in for a JWT held in this page&apos;s memory. The session is this browser&apos;s own session cookie when it has one (read, never
          replaced); without one, the throwaway member&apos;s session, its opaque id sent as a bearer header (the same store lookup, no
          cookie set). Then it calls <code className="font-mono">GET /api/me</code> {perMode} times per mode, one request at a time,
          alternating modes. It never changes who you are on <code className="font-mono">/</code>, never uses a real account&apos;s password
          and never changes the JWT denylist switch: JWT is measured with the denylist as it is now.
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <label htmlFor="measure-progress" className="text-sm font-medium">
            Progress
          </label>
          <progress
            id="measure-progress"
            className="h-2 w-56 max-w-full appearance-none overflow-hidden rounded-full bg-sunken [&::-moz-progress-bar]:bg-accent-solid [&::-webkit-progress-bar]:bg-sunken [&::-webkit-progress-value]:bg-accent-solid"
            value={progress?.done ?? 0}
            max={progress?.total || 1}
          />
          {/* Not a live region: the status line below announces phases, not every request. */}
          <span data-testid="progress-count" className="font-mono text-sm tabular-nums">
            {progress ? `${progress.done} / ${progress.total} requests` : 'not started'}
          </span>
        </div>
        <p role="status" className="text-sm text-muted">
          {progress?.phase ?? ''}
        </p>
        {error ? (
          <p role="alert" className="rounded-md bg-bad-soft p-3 text-sm text-bad-on-soft">
            ✗ {error}
          </p>
        ) : null}
        {result && result.errors.length > 0 ? (
          <p className="text-sm text-warn">
            {result.errors.length} request(s) failed and are left out: {result.errors[0]}
          </p>
        ) : null}
      </section>

      {result ? (
        <section aria-labelledby="results-title" className="flex flex-col gap-4">
          <h2 id="results-title" className="text-title font-semibold tracking-tight">
            Results
          </h2>
          <div className="grid gap-4 lg:grid-cols-2">
            <ChartCard
              id="cost"
              title="What the check costs, per request"
              reading={costReading(summaries)}
              chart={<CostDistributionChart rows={histogram} modes={modes} />}
              table={<CostTable summaries={summaries} />}
            />
            <ChartCard
              id="bytes"
              title="Bytes each request carries for its credential"
              reading={bytesReading(result.cookieBytes, result.bearerBytes, result.sessionCarrier)}
              chart={<BytesChart rows={bytesRows} />}
              table={
                <table data-testid="bytes-table" className="stack-table w-full text-sm">
                  <thead className="text-muted">
                    <tr>
                      <th className={th}>Credential header</th>
                      <th className={`${th} text-right`}>Bytes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {bytesRows.map((r) => (
                      <tr key={r.label} className="border-t border-line">
                        <th scope="row" className={th}>
                          {r.label}{' '}
                          <span className="font-normal text-muted">
                            ({r.mode === 'session' && result.sessionCarrier === 'cookie' ? 'Cookie:' : 'Authorization: Bearer'})
                          </span>
                        </th>
                        <td className={td} data-label="Bytes" data-testid={`bytes-${r.mode}`}>
                          {r.bytes}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
            <ChartCard
              id="trips"
              title="Store round trips per request"
              reading={tripsReading(summaries)}
              chart={<TripsChart rows={tripRows} />}
              table={
                <table data-testid="trips-table" className="stack-table w-full text-sm">
                  <thead className="text-muted">
                    <tr>
                      <th className={th}>Mode</th>
                      <th className={`${th} text-right`}>Mean</th>
                      <th className={`${th} text-right`}>Most</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summaries.map((s) => (
                      <tr key={s.mode} className="border-t border-line">
                        <th scope="row" className={th}>
                          {MODE_LABELS[s.mode]}
                        </th>
                        <td className={td} data-label="Mean" data-testid={`trips-${s.mode}`}>
                          {trips(Math.round(s.roundTrips.mean * 100) / 100)}
                        </td>
                        <td className={td} data-label="Most">
                          {s.roundTrips.max}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
            <ChartCard
              id="denylist"
              title="What the denylist does to JWT mode"
              reading={denylistReadingText ?? 'The denylist was not measured in this run; see below.'}
              chart={<DenylistChart rows={denylistRows(summaries)} />}
              table={
                <div className="flex flex-col gap-2">
                  <table data-testid="denylist-table" className="stack-table w-full text-sm">
                    <thead className="text-muted">
                      <tr>
                        <th className={th}>Mode</th>
                        <th className={`${th} text-right`}>Verify / unseal ms</th>
                        <th className={`${th} text-right`}>Store lookup ms</th>
                      </tr>
                    </thead>
                    <tbody>
                      {denylistRows(summaries).map((r) => (
                        <tr key={r.label} className="border-t border-line">
                          <th scope="row" className={th}>
                            {r.label}
                          </th>
                          <td className={td} data-label="Verify / unseal ms">
                            {fmt(r.check)}
                          </td>
                          <td className={td} data-label="Store lookup ms">
                            {fmt(r.lookup)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <DenylistNote result={result} summaries={summaries} />
                </div>
              }
            />
          </div>
        </section>
      ) : null}
    </div>
  );
}
