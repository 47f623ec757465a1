'use client';

// The Learn page's live numbers: a few GET /api/me calls in each mode against this server, right
// now, so the guide's claims can be checked against more than the figures written next to them.
import { useState } from 'react';
import { parseServerTiming } from '@/lib/measure/server-timing';
import { throwawayCredentials } from '../../_lib/throwaway-client';

const CALLS = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

interface Row {
  mode: 'Session' | 'JWT';
  credential: string;
  bytes: number;
  authMs: number;
  checked: string;
  roundTrips: number;
}

type State =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; rows: Row[]; at: number; note: string } | { kind: 'error'; text: string };

async function errorText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The server answered ${response.status}.`;
}

/** Calls /api/me `CALLS` times with one credential; the auth stage's median and what it checked. */
async function measure(init: RequestInit): Promise<{ authMs: number; checked: string; roundTrips: number }> {
  const durations: number[] = [];
  let checked = '?';
  let roundTrips = 0;
  for (let i = 0; i < CALLS; i++) {
    const response = await fetch('/api/me', init);
    if (response.status !== 200) throw new Error(`GET /api/me: ${await errorText(response)}`);
    const metrics = parseServerTiming(response.headers.get('server-timing'));
    const auth = metrics.find((m) => m.name === 'auth');
    if (auth?.dur !== undefined) durations.push(auth.dur);
    checked = auth?.desc ?? checked;
    roundTrips = metrics.filter((m) => m.name === 'store' || m.name === 'denylist').length;
  }
  return { authMs: median(durations), checked, roundTrips };
}

async function run(): Promise<{ rows: Row[]; note: string }> {
  // A throwaway member's session token and JWT, held by this script only: nothing here touches this browser's cookies.
  const creds = await throwawayCredentials();
  const authorization = `Authorization: Bearer ${creds.jwt.token}`;
  const jwt = await measure({ headers: { Authorization: `Bearer ${creds.jwt.token}` }, credentials: 'omit' });

  // Session: this browser's own session cookie if it has one (read, never replaced); otherwise the throwaway
  // member's session token as a bearer, so signing in here can't change who you are on /.
  if ((await fetch('/api/session', { credentials: 'same-origin' })).status === 200) {
    const inspect = await fetch('/api/session/inspect', { credentials: 'same-origin' });
    if (inspect.status !== 200) throw new Error(`GET /api/session/inspect: ${await errorText(inspect)}`);
    const cookieBytes = ((await inspect.json()) as { cookie: { bytes: number } }).cookie.bytes;
    const session = await measure({ credentials: 'same-origin' });
    return {
      note: "Session: this browser's own session cookie. JWT: a throwaway member's token (gone in 10 minutes).",
      rows: [
        { mode: 'Session', credential: 'Cookie header', bytes: 'Cookie: '.length + cookieBytes, ...session },
        { mode: 'JWT', credential: 'Authorization header', bytes: authorization.length, ...jwt },
      ],
    };
  }
  const session = await measure({ headers: { Authorization: `Bearer ${creds.session.token}` }, credentials: 'omit' });
  return {
    note: 'This browser has no session cookie, so both are a throwaway member\'s (gone in 10 minutes), held by this page\'s script: the session as an opaque token on the "header" transport. No cookie was set; who you are on / is unchanged.',
    rows: [
      {
        mode: 'Session',
        credential: 'Authorization header (opaque session token)',
        bytes: 'Authorization: Bearer '.length + creds.session.token.length,
        ...session,
      },
      { mode: 'JWT', credential: 'Authorization header', bytes: authorization.length, ...jwt },
    ],
  };
}

export function LiveCosts() {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const start = () => {
    setState({ kind: 'busy' });
    run().then(
      ({ rows, note }) => setState({ kind: 'done', rows, note, at: Date.now() }),
      (error: unknown) => setState({ kind: 'error', text: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <section aria-labelledby="live-title" className="rounded-xl border border-line bg-surface p-4 sm:p-6">
      <h2 id="live-title" className="text-lg font-medium">
        Measure this server now
      </h2>
      <p id="live-hint" className="mt-1 max-w-3xl text-sm text-muted">
        {CALLS} calls to <code>GET /api/me</code> in each mode, timed by the server itself (the <code>auth</code> part of its{' '}
        <code>Server-Timing</code> header). Uses this browser&apos;s session if it has one, otherwise signs a throwaway user in with a
        session cookie; the JWT is that throwaway user&apos;s and never leaves this page. Real accounts are never used.
      </p>
      <button
        type="button"
        onClick={start}
        disabled={state.kind === 'busy'}
        aria-describedby="live-hint"
        className="mt-3 rounded-md bg-accent-solid px-4 py-2 text-sm font-medium text-white hover:bg-accent-solid-hover disabled:opacity-60"
      >
        {state.kind === 'done' ? 'Measure again' : 'Measure now'}
      </button>
      <p role="status" className="mt-3 min-h-5 text-sm text-muted">
        {state.kind === 'busy'
          ? 'Measuring…'
          : state.kind === 'done'
            ? `Measured at ${new Date(state.at).toLocaleTimeString()}. ${state.note}`
            : state.kind === 'error'
              ? ''
              : 'Nothing measured yet.'}
      </p>
      {state.kind === 'error' ? (
        <p role="alert" className="text-sm text-bad">
          Error: {state.text}
        </p>
      ) : null}
      {state.kind === 'done' ? (
        <div className="mt-2">
          <table className="stack-table w-full text-left text-sm tabular-nums" data-testid="live-costs">
            <caption className="sr-only">What one GET /api/me cost in each mode, measured now</caption>
            <thead className="text-muted">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Mode
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Credential sent
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Auth, median
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Store round trips
                </th>
                <th scope="col" className="py-1 font-medium">
                  What the server checked
                </th>
              </tr>
            </thead>
            <tbody>
              {state.rows.map((r) => (
                <tr key={r.mode} className="border-t border-line">
                  <th scope="row" className="py-1 pr-3 font-medium">
                    {r.mode}
                  </th>
                  <td data-label="Credential sent" className="py-1 pr-3">
                    {r.bytes} B ({r.credential})
                  </td>
                  <td data-label="Auth, median" className="py-1 pr-3 font-mono">
                    {r.authMs.toFixed(2)} ms
                  </td>
                  <td data-label="Store round trips" className="py-1 pr-3">
                    {r.roundTrips}
                  </td>
                  <td data-label="What the server checked" className="py-1 font-mono">
                    {r.checked}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
