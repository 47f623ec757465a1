'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../_lib/api-client';
import { throwawayCredentials, type ThrowawayCredentials } from '../../_lib/throwaway-client';
import { isOwnAdmin, ownAdminNote, useOwnIdentity } from '../../_lib/use-own-identity';
import { probe, readOutage, setOutage, summarize, type OutageMode, type OutageState, type Probe } from '../_lib/outage-client';
import { OutageBanner } from './outage-banner';
import { ProbeRow } from './probe-row';
import { BUTTON } from '../../_components/button-class';

interface Run {
  startedAt: number;
  endedAt: number | undefined;
  mode: OutageMode;
  probes: { session: Probe[]; jwt: Probe[] };
  done: boolean;
}

/** Probing goes on this long after the store is back, to show both modes recover with no restart. */
const WATCH_AFTER_MS = 4_000;

export function OutageLab({ initial, timeoutMs }: { initial: OutageState; timeoutMs: number }) {
  const [state, setState] = useState<OutageState | undefined>(initial);
  const [now, setNow] = useState(() => Date.now());
  const [creds, setCreds] = useState<ThrowawayCredentials | null>(null);
  const own = useOwnIdentity();
  const [denylist, setDenylist] = useState<boolean | null>(null);
  const [seconds, setSeconds] = useState(10);
  const [mode, setMode] = useState<OutageMode>('refuse');
  const [run, setRun] = useState<Run | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const runRef = useRef<Run | null>(null);
  const credsRef = useRef<ThrowawayCredentials | null>(null);
  /** The key the start of the drill handed out: it ends the drill whatever the mode or denylist. */
  const endKeyRef = useRef<string | undefined>(undefined);
  const ticks = useRef(0);
  useEffect(() => {
    runRef.current = run;
    credsRef.current = creds;
  }, [run, creds]);

  const down = state?.available === true && state.outage !== null;
  const available = state?.available !== false;

  const sample = useCallback(async (current: Run) => {
    const held = credsRef.current;
    if (!held) return;
    const [session, jwt] = await Promise.all([probe(held.session.token, current.startedAt), probe(held.jwt.token, current.startedAt)]);
    setRun((r) =>
      r && r.startedAt === current.startedAt
        ? { ...r, probes: { session: [...r.probes.session, session], jwt: [...r.probes.jwt, jwt] } }
        : r,
    );
  }, []);

  const tick = useCallback(async () => {
    const at = Date.now();
    setNow(at);
    ticks.current += 1;
    const current = runRef.current;
    const watching = current !== null && !current.done;
    // Once a second while something is going on, else every five: an outage started elsewhere shows up too.
    if (!watching && !down && ticks.current % 5 !== 0) return;
    const fresh = await readOutage();
    if (fresh) setState(fresh);
    if (!current || current.done) return;
    const over = fresh?.available === true && fresh.outage === null;
    const endedAt = current.endedAt ?? (over ? at : undefined);
    const done = endedAt !== undefined && at - endedAt >= WATCH_AFTER_MS;
    if (endedAt !== current.endedAt || done) setRun((r) => (r && r.startedAt === current.startedAt ? { ...r, endedAt, done } : r));
    if (endedAt !== undefined && current.endedAt === undefined) setMessage('The store is back, and nothing was restarted.');
    if (!done) await sample({ ...current, endedAt });
  }, [down, sample]);

  useEffect(() => {
    const timer = window.setInterval(() => void tick(), 1000);
    return () => window.clearInterval(timer);
  }, [tick]);

  const signInBoth = async () => {
    setMessage('Making a throwaway user and signing it in both ways…');
    let made: ThrowawayCredentials;
    try {
      made = await throwawayCredentials();
    } catch (e) {
      setMessage(`Sign-in failed: ${(e as Error).message}`);
      return;
    }
    credsRef.current = made;
    setCreds(made);
    const settings = await api.settings();
    if (settings.status === 200) setDenylist((settings.body as { jwtDenylist: boolean }).jwtDenylist);
    // One call with each first, as on any instance serving traffic (the middleware learns the denylist setting).
    const [a, b] = await Promise.all([api.me('jwt', made.session.token), api.me('jwt', made.jwt.token)]);
    setMessage(
      `Signed in as the throwaway user ${made.username} with a session token and a JWT; /api/me answers ${a.status} and ${b.status}.`,
    );
  };

  const takeDown = async () => {
    const answer = await setOutage(seconds, mode);
    if (answer.status !== 200) {
      const why = (answer.body as { error?: { message?: string } } | null)?.error?.message ?? '';
      setMessage(
        `The store stayed up: ${answer.status} ${answer.errorCode ?? ''} ${why} Starting a drill is an admin action you take as yourself.`,
      );
      return;
    }
    const next: Run = { startedAt: Date.now(), endedAt: undefined, mode, probes: { session: [], jwt: [] }, done: false };
    endKeyRef.current = (answer.body as { endKey?: string }).endKey;
    setState(answer.body as OutageState);
    runRef.current = next;
    setRun(next);
    setMessage(`The store is down for ${seconds} s (${mode === 'refuse' ? 'refusing' : 'hanging on'} every command).`);
    await sample(next);
  };

  const bringBack = async () => {
    const answer = await setOutage(0, mode, endKeyRef.current);
    if (answer.status === 200) {
      setState(answer.body as OutageState);
      setMessage('Brought the store back early.');
    } else {
      setMessage(`Could not end the outage: ${answer.status} ${answer.errorCode ?? ''}. It ends by itself when its time is up.`);
    }
  };

  return (
    <div className="flex flex-col gap-5 rounded-xl border border-line bg-surface p-4 sm:p-6">
      <OutageBanner state={state} now={now} />
      {state?.available === false && state.reachable !== false ? (
        <p className="rounded-lg border border-line p-3 text-sm text-muted">
          <strong>Outage control unavailable.</strong> {state.reason}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={BUTTON} onClick={() => void signInBoth()}>
          Sign in both as a throwaway user
        </button>
        <span className="text-xs text-muted" data-testid="denylist-mode">
          {denylist === null
            ? 'The JWT denylist check is read at sign-in.'
            : denylist
              ? 'JWT denylist check: on, so JWT requests need the store too and fail closed.'
              : 'JWT denylist check: off, so JWT requests need no store lookup.'}
        </span>
      </div>
      <form
        className="flex flex-wrap items-end gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          void takeDown();
        }}
      >
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="mb-1 font-medium">Outage mode</legend>
          <div role="radiogroup" aria-label="Outage mode" className="flex gap-4">
            {(
              [
                ['refuse', 'Refuse', 'connections dropped, as if the store were stopped'],
                ['hang', 'Hang', `requests never answered; the app gives up after ${timeoutMs} ms`],
              ] as const
            ).map(([value, label, hint]) => (
              <label key={value} className="flex items-center gap-2" title={hint}>
                <input
                  type="radio"
                  name="outage-mode"
                  value={value}
                  checked={mode === value}
                  onChange={() => setMode(value)}
                  className="accent-indigo-600"
                />
                {label}
                <span className="text-xs text-muted">({hint})</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Seconds
          <input
            type="number"
            min={1}
            max={300}
            value={seconds}
            onChange={(e) => setSeconds(Math.max(1, Math.min(300, Math.round(Number(e.target.value) || 1))))}
            className="w-24 rounded-md border border-line-strong bg-sunken px-2 py-1.5 font-normal"
          />
        </label>
        <button type="submit" className={BUTTON} disabled={!available || down || creds === null || !isOwnAdmin(own)}>
          Take the store down
        </button>
        <button type="button" className={BUTTON} disabled={!down} onClick={() => void bringBack()}>
          Bring it back now
        </button>
      </form>
      <p className="text-xs text-muted" data-testid="drill-owner">
        Taking the store down: {ownAdminNote(own) || 'reading who you are…'} The probes use a throwaway member&apos;s session token and JWT,
        held by this page&apos;s script and sent as <code>Authorization: Bearer</code>; no cookie is set, so who you are on / does not
        change.
      </p>
      <p role="status" aria-live="polite" className="text-sm text-muted">
        {message ?? (creds ? '' : 'Sign in both first: the probes need a credential of each kind.')}
      </p>
      {run ? (
        <div className="flex flex-col gap-4">
          <h2 className="text-lg font-semibold">
            <code>GET /api/me</code> once a second, {run.mode === 'refuse' ? 'store refusing' : 'store hanging'}
          </h2>
          <ProbeRow
            label="Session (opaque token)"
            testId="summary-session"
            probes={run.probes.session}
            summary={summarize(run.probes.session, run.endedAt)}
          />
          <ProbeRow label="JWT (bearer)" testId="summary-jwt" probes={run.probes.jwt} summary={summarize(run.probes.jwt, run.endedAt)} />
          <p className="text-xs text-muted">
            A session needs its record on every request, so it fails closed with <code>503 store_unavailable</code> and{' '}
            <code>Retry-After</code>, and the same token works again afterwards: an outage is not a sign-out. A JWT is verified by its
            signature alone, so it keeps working, unless the denylist check is on. Nothing is restarted when the store comes back.
          </p>
        </div>
      ) : null}
    </div>
  );
}
