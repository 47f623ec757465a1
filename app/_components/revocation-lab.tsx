'use client';

import { useEffect, useRef, useState } from 'react';
import {
  meAs,
  revokeThrowawaySession,
  revokeThrowawayToken,
  throwawayCredentials,
  type ThrowawayCredentials,
} from '../_lib/throwaway-client';
import { DenylistSwitch } from './denylist-switch';
import { BUTTON } from './button-class';

type Pane = 'session' | 'jwt';

interface Sample {
  second: number;
  status: number;
  code: string | undefined;
}

interface Run {
  revokedAt: number;
  jwtExpiresAt: number;
  samples: Record<Pane, Sample[]>;
  done: boolean;
}

/** The longest a run watches; a token with the default 5-minute life is reported as "still passing". */
const MAX_SECONDS = 40;

function firstRefusal(samples: Sample[]): Sample | undefined {
  return samples.find((s) => s.status !== 200);
}

function windowText(pane: Pane, run: Run): string {
  const refused = firstRefusal(run.samples[pane]);
  if (refused) return `refused ${refused.second} s after the revoke (${refused.status} ${refused.code ?? ''})`;
  const left = Math.max(0, Math.round((run.jwtExpiresAt - Date.now()) / 1000));
  return run.done ? `still accepted ${run.samples[pane].length - 1} s after the revoke; it expires in ${left} s` : 'watching…';
}

/**
 * What the live region announces. It changes only when something happens (sign-in, revoke, a first
 * refusal), never with each second's sample, so a screen reader hears each step once.
 */
function statusText(error: string | null, run: Run | null, creds: ThrowawayCredentials | null, busy: string | null): string {
  if (error) return `Error: ${error}`;
  if (busy) return busy;
  if (!run)
    return creds
      ? `Signed in as the throwaway user ${creds.username} with a session token and a JWT, both held by this page's script.`
      : 'No demo credentials yet. Your own sign-in on / is not used or changed here.';
  const part = (pane: Pane, name: string) => {
    const refused = firstRefusal(run.samples[pane]);
    if (refused) return `${name} refused after ${refused.second} s (${refused.code ?? refused.status})`;
    return run.done ? `${name} still accepted when the watch ended` : `${name} still accepted`;
  };
  if (run.samples.session.length === 0) return 'Revoked both; watching /api/me once a second.';
  return `Revoked both. ${part('session', 'Session')}; ${part('jwt', 'JWT')}.`;
}

export function RevocationLab() {
  const [creds, setCreds] = useState<ThrowawayCredentials | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [demoSpeed, setDemoSpeed] = useState(true);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearInterval(timer.current), []);

  const signInBoth = async () => {
    setError(null);
    setRun(null);
    setCreds(null);
    window.clearInterval(timer.current);
    setBusy('Making a throwaway user and signing it in both ways…');
    try {
      setCreds(await throwawayCredentials(demoSpeed ? 'demo' : 'default'));
    } catch (e) {
      setError(`Sign-in failed: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  };

  const revokeBoth = async () => {
    if (!creds) return;
    const revokedAt = Date.now();
    const [s, t] = await Promise.all([revokeThrowawaySession(creds), revokeThrowawayToken(creds)]);
    if (s.status !== 200 || t.status !== 200) {
      setError(`Revoke failed: ${s.status} ${s.errorCode ?? ''} / ${t.status} ${t.errorCode ?? ''}`);
      return;
    }
    setRun({ revokedAt, jwtExpiresAt: creds.jwt.expiresAt, samples: { session: [], jwt: [] }, done: false });
    const sample = async () => {
      const second = Math.round((Date.now() - revokedAt) / 1000);
      // Both copies are sent exactly as before the revoke: what a thief who copied them would send.
      const [a, b] = await Promise.all([meAs(creds.session.token), meAs(creds.jwt.token)]);
      setRun((r) => {
        if (!r || r.done) return r;
        const samples = {
          session: [...r.samples.session, { second, status: a.status, code: a.errorCode }],
          jwt: [...r.samples.jwt, { second, status: b.status, code: b.errorCode }],
        };
        const done = (firstRefusal(samples.session) !== undefined && firstRefusal(samples.jwt) !== undefined) || second >= MAX_SECONDS;
        if (done) window.clearInterval(timer.current);
        return { ...r, samples, done };
      });
    };
    await sample();
    timer.current = window.setInterval(() => void sample(), 1000);
  };

  return (
    <div className="flex flex-col gap-5 rounded-xl border border-line bg-surface p-4 sm:p-6">
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={BUTTON} onClick={() => void signInBoth()}>
          Sign in both as a throwaway user
        </button>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={demoSpeed} onChange={(e) => setDemoSpeed(e.target.checked)} className="accent-accent-solid" />
          Demo speed (20 s access token)
        </label>
        <button type="button" className={BUTTON} disabled={!creds || (run !== null && !run.done)} onClick={() => void revokeBoth()}>
          Revoke both
        </button>
      </div>
      <p className="text-xs text-muted">
        How the session side is held: a session signed in on the <code>header</code> transport, so its opaque token comes back in the
        answer&apos;s body and this page&apos;s script keeps it, exactly as a thief keeps a copied cookie (a script can&apos;t read the real{' '}
        <code>HttpOnly</code> cookie). Both credentials belong to a throwaway member that ends in 10 minutes; no cookie is set.
      </p>
      <p role="status" aria-live="polite" className="text-sm text-muted">
        {statusText(error, run, creds, busy)}
      </p>
      <DenylistSwitch />
      {run ? (
        <div className="flex flex-col gap-4">
          {(['session', 'jwt'] as const).map((pane) => (
            <section key={pane} aria-label={`${pane === 'session' ? 'Session' : 'JWT'} after revoke`} className="flex flex-col gap-2">
              <h2 className="font-medium">
                {pane === 'session' ? 'Session' : 'JWT'}: <span data-testid={`window-${pane}`}>{windowText(pane, run)}</span>
              </h2>
              <ol className="flex flex-wrap gap-1" aria-label={`${pane} answers, one a second`}>
                {run.samples[pane].map((s) => (
                  <li
                    key={s.second}
                    title={`${s.second} s: ${s.status}${s.code ? ` ${s.code}` : ''}`}
                    className={`flex h-8 w-10 flex-col items-center justify-center rounded text-xs font-mono ${s.status === 200 ? 'bg-ok-soft text-ok-on-soft' : 'bg-bad-soft text-bad-on-soft'}`}
                  >
                    <span aria-hidden>{s.status === 200 ? '✓' : '✗'}</span>
                    <span className="sr-only">
                      {s.second} seconds: {s.status === 200 ? 'accepted' : `refused (${s.code ?? s.status})`}
                    </span>
                    <span aria-hidden>{s.second}s</span>
                  </li>
                ))}
              </ol>
            </section>
          ))}
          <p className="text-xs text-muted">
            Both copies are sent every second exactly as before the revoke. The session&apos;s record is now a tombstone, so its copy gets{' '}
            <code>session_revoked</code>; the JWT is checked by its signature and expiry alone unless the denylist check is on.
          </p>
        </div>
      ) : null}
    </div>
  );
}
