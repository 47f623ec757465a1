'use client';

import { useEffect, useRef, useState } from 'react';
import { DEMO_ACCOUNTS } from '@/lib/auth/demo-accounts';
import { api } from '../_lib/api-client';
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
function statusText(error: string | null, run: Run | null, signedIn: boolean): string {
  if (error) return `Error: ${error}`;
  if (!run) return signedIn ? 'Signed in with a session cookie and a JWT.' : 'Not signed in yet.';
  const part = (pane: Pane, name: string) => {
    const refused = firstRefusal(run.samples[pane]);
    if (refused) return `${name} refused after ${refused.second} s (${refused.code ?? refused.status})`;
    return run.done ? `${name} still accepted when the watch ended` : `${name} still accepted`;
  };
  if (run.samples.session.length === 0) return 'Revoked both; watching /api/me once a second.';
  return `Revoked both. ${part('session', 'Session')}; ${part('jwt', 'JWT')}.`;
}

export function RevocationLab() {
  const [jwt, setJwt] = useState<{ token: string; expiresAt: number; role: string } | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [demoSpeed, setDemoSpeed] = useState(true);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearInterval(timer.current), []);

  const signInBoth = async () => {
    setError(null);
    setRun(null);
    const lifetimes = demoSpeed ? 'demo' : 'default';
    const { username, password } = DEMO_ACCOUNTS.alice;
    const [s, t] = await Promise.all([api.sessionLogin(username, password, lifetimes), api.tokenLogin(username, password, lifetimes)]);
    if (s.status !== 200 || t.status !== 200) {
      setError(`Sign-in failed: ${s.status} / ${t.status}`);
      return;
    }
    setSessionId((s.body as { session: { id: string } }).session.id);
    const token = (t.body as { access_token: string; expires_in: number }).access_token;
    setJwt({ token, expiresAt: Date.now() + (t.body as { expires_in: number }).expires_in * 1000, role: 'admin' });
  };

  const revokeBoth = async () => {
    if (!jwt || !sessionId) return;
    const revokedAt = Date.now();
    const [s, t] = await Promise.all([api.revokeSession(sessionId), api.tokenRevoke(jwt.token)]);
    if (s.status !== 200 || t.status !== 200) {
      setError(`Revoke failed: ${s.status} / ${t.status}`);
      return;
    }
    setRun({ revokedAt, jwtExpiresAt: jwt.expiresAt, samples: { session: [], jwt: [] }, done: false });
    const sample = async () => {
      const second = Math.round((Date.now() - revokedAt) / 1000);
      const [a, b] = await Promise.all([api.me('session'), api.me('jwt', jwt.token)]);
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
          Sign in both as alice
        </button>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={demoSpeed} onChange={(e) => setDemoSpeed(e.target.checked)} className="accent-accent-solid" />
          Demo speed (20 s access token)
        </label>
        <button
          type="button"
          className={BUTTON}
          disabled={!jwt || !sessionId || (run !== null && !run.done)}
          onClick={() => void revokeBoth()}
        >
          Revoke both
        </button>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-muted">
        {statusText(error, run, jwt !== null && sessionId !== null)}
      </p>
      <DenylistSwitch isAdmin={jwt?.role === 'admin'} token={jwt?.token} />
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
            Revoking this browser&apos;s own session also clears its cookie, so later calls carry none; a copied cookie would get{' '}
            <code>session_revoked</code>. The JWT is still in memory and sent every second, as a thief&apos;s copy would be.
          </p>
        </div>
      ) : null}
    </div>
  );
}
