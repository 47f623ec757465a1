'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type ApiAnswer, type Lifetimes, type Mode, type SignedInUser } from '../_lib/api-client';
import { TokenManager, type TokenState } from '../_lib/token-manager';
import { storedModeIsJwt, useStoredMode } from '../_lib/use-stored-mode';
import { safeNextPath } from '@/lib/http/safe-redirect';
import { ApiAnswerView } from './api-answer';
import { Countdown } from './countdown';
import { DenylistSwitch } from './denylist-switch';
import { DeviceList } from './device-list';
import { HybridPanel } from './hybrid-panel';
import { ModeSwitch } from './mode-switch';
import { SignInForm } from './sign-in-form';
import { BUTTON } from './button-class';

const MODE_NAMES: Record<Mode, string> = { session: 'Session', jwt: 'JWT', hybrid: 'Hybrid' };

function messageOf(answer: ApiAnswer): string {
  const body = answer.body as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The server answered ${answer.status}.`;
}

/** Answers that mean this browser's sign-in is over, not merely that one call failed. */
const SIGNED_OUT_CODES = new Set(['session_revoked', 'session_expired', 'refresh_token_reused']);

export function AuthDemo() {
  const [mode, setMode] = useStoredMode();
  const [sessionUser, setSessionUser] = useState<SignedInUser | null>(null);
  // The access token lives in the manager's memory only (never localStorage); it refreshes itself.
  const [jwt, setJwt] = useState<TokenState | null>(null);
  const manager = useRef<TokenManager | null>(null);
  const [answer, setAnswer] = useState<{ label: string; answer: ApiAnswer } | null>(null);
  const [notice, setNotice] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [lifetimes, setLifetimes] = useState<Lifetimes>('default');

  // A link may ask for a mode (the Learn page links `/?mode=hybrid`): it becomes the remembered choice.
  // Runs before the restore below, which reads the remembered mode.
  useEffect(() => {
    const asked = new URLSearchParams(window.location.search).get('mode');
    if (asked === 'session' || asked === 'jwt' || asked === 'hybrid') setMode(asked);
  }, [setMode]);

  // On load, find out what this browser is already signed in with: the cookie session, and a
  // refresh cookie that can mint a fresh access token (the old one died with the last page).
  useEffect(() => {
    const m = new TokenManager((state, event) => {
      setJwt(state);
      if (event?.kind === 'refresh-failed' && !state) setNotice({ text: `You were signed out: ${event.text}`, tone: 'error' });
    });
    manager.current = m;
    void api.session().then((a) => {
      if (a.status === 200) setSessionUser((a.body as { user: SignedInUser }).user);
    });
    if (storedModeIsJwt()) void m.restore();
    return () => m.dispose();
  }, []);

  /** The cookie session ended elsewhere (revoked, expired): drop it and say why. */
  const sessionEnded = useCallback((a: ApiAnswer) => {
    setSessionUser(null);
    setNotice({ text: `You were signed out: ${messageOf(a)}`, tone: 'error' });
  }, []);

  const changeMode = (next: Mode) => {
    setMode(next);
    setAnswer(null);
    setNotice(null);
  };

  const usesCookie = mode !== 'jwt';
  const user = usesCookie ? sessionUser : (jwt?.user ?? null);

  const signIn = async (username: string, password: string) => {
    setBusy(true);
    setNotice(null);
    try {
      const a = usesCookie
        ? await api.sessionLogin(username, password, lifetimes)
        : await manager.current?.signIn(username, password, lifetimes);
      if (!a || a.status !== 200) {
        if (a) setNotice({ text: messageOf(a), tone: 'error' });
        return;
      }
      const signedIn = usesCookie ? (a.body as { user: SignedInUser }).user : (manager.current?.current?.user as SignedInUser);
      if (usesCookie) setSessionUser(signedIn);
      setAnswer(null);
      setNotice({ text: `Signed in as ${signedIn.username} with ${usesCookie ? 'a session cookie' : 'a JWT'}.`, tone: 'info' });
      // `?next=` may only lead to a page of this site; anything else stays here.
      const next = new URLSearchParams(window.location.search).get('next');
      if (next !== null && usesCookie) {
        const target = safeNextPath(next);
        if (target !== '/') window.location.assign(target);
      }
    } finally {
      setBusy(false);
    }
  };

  /** Calls a protected route; in JWT mode an expired access token is refreshed once and the call retried. */
  const callProtected = async (path: string) => {
    setBusy(true);
    try {
      const a = mode === 'jwt' && manager.current ? await manager.current.call(path) : await api.me(mode, undefined, path);
      setAnswer({ label: `GET ${path}`, answer: a });
      if (a.errorCode && SIGNED_OUT_CODES.has(a.errorCode)) {
        if (usesCookie) sessionEnded(a);
        else setNotice({ text: `You were signed out: ${messageOf(a)}`, tone: 'error' });
      }
    } finally {
      setBusy(false);
    }
  };

  const signOut = async (everywhere = false) => {
    setBusy(true);
    try {
      const a = usesCookie
        ? everywhere
          ? await api.revokeAllSessions()
          : await api.sessionLogout()
        : await manager.current?.signOut(everywhere);
      if (!a || a.status !== 200) {
        if (a) setNotice({ text: messageOf(a), tone: 'error' });
        return;
      }
      if (usesCookie) setSessionUser(null);
      setNotice({ text: everywhere ? 'Signed out everywhere.' : 'Signed out.', tone: 'info' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="demo-title" className="flex flex-col gap-5 rounded-xl border border-line bg-surface p-4 sm:p-6">
      <h2 id="demo-title" className="text-lg font-medium">
        Try it
      </h2>
      <ModeSwitch mode={mode} onChange={changeMode} />
      <p role="status" aria-live="polite" className={notice?.tone === 'error' ? 'text-sm text-bad' : 'text-sm text-muted'}>
        {notice ? (notice.tone === 'error' ? `Error: ${notice.text}` : notice.text) : null}
      </p>
      {user ? (
        <div className="flex flex-col gap-4">
          <p data-testid="whoami">
            Signed in as <strong>{user.username}</strong> ({user.role}) in <strong>{MODE_NAMES[mode]}</strong> mode
            {mode === 'jwt' && jwt ? (
              <span className="text-muted">
                {' '}
                · access token <Countdown until={jwt.expiresAt} />
              </span>
            ) : null}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={BUTTON} disabled={busy} onClick={() => void callProtected('/api/me')}>
              Call /api/me
            </button>
            <button type="button" className={BUTTON} disabled={busy} onClick={() => void callProtected('/api/admin/overview')}>
              Call /api/admin/overview
            </button>
            <button type="button" className={BUTTON} disabled={busy} onClick={() => void signOut()}>
              Sign out
            </button>
            {mode === 'jwt' ? (
              <button type="button" className={BUTTON} disabled={busy} onClick={() => void signOut(true)}>
                Sign out everywhere
              </button>
            ) : null}
          </div>
          {mode === 'session' ? <DeviceList onSignedOut={sessionEnded} /> : null}
          {mode === 'jwt' ? <DenylistSwitch isAdmin={user.role === 'admin'} token={jwt?.token} /> : null}
        </div>
      ) : (
        <div className="flex flex-col gap-4">
          <SignInForm busy={busy} onSubmit={(u, p) => void signIn(u, p)} />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={lifetimes === 'demo'}
              onChange={(e) => setLifetimes(e.target.checked ? 'demo' : 'default')}
              className="accent-accent-solid"
            />
            Demo speed (access token 20 s, refresh 2 min, session idle 1 min, absolute 5 min)
          </label>
          <button type="button" className={`${BUTTON} self-start`} disabled={busy} onClick={() => void callProtected('/api/me')}>
            Call /api/me
          </button>
        </div>
      )}
      {/* Outside the signed-in branch, so the last internal token (and its countdown) outlives the session. */}
      {mode === 'hybrid' ? <HybridPanel onAnswer={(label, a) => setAnswer({ label, answer: a })} onSignedOut={sessionEnded} /> : null}
      {answer ? <ApiAnswerView label={answer.label} answer={answer.answer} /> : null}
    </section>
  );
}
