'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, type ApiAnswer, type Mode, type SignedInUser } from '../_lib/api-client';
import { storedModeIsJwt, useStoredMode } from '../_lib/use-stored-mode';
import { ApiAnswerView } from './api-answer';
import { ModeSwitch } from './mode-switch';
import { SignInForm } from './sign-in-form';

interface JwtState {
  /** Held in memory only: a script injected into the page cannot find it in localStorage. */
  token: string;
  user: SignedInUser;
  expiresAt: number;
}

function decodeClaims(token: string): { user: SignedInUser; expiresAt: number } {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(json) as { sub: string; preferred_username: string; role: 'admin' | 'member'; exp: number };
  return { user: { id: claims.sub, username: claims.preferred_username, role: claims.role }, expiresAt: claims.exp * 1000 };
}

function messageOf(answer: ApiAnswer): string {
  const body = answer.body as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The server answered ${answer.status}.`;
}

export function AuthDemo() {
  const [mode, setMode] = useStoredMode();
  const [sessionUser, setSessionUser] = useState<SignedInUser | null>(null);
  const [jwt, setJwt] = useState<JwtState | null>(null);
  const [answer, setAnswer] = useState<{ label: string; answer: ApiAnswer } | null>(null);
  const [notice, setNotice] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  const [busy, setBusy] = useState(false);

  const acceptToken = useCallback((body: unknown) => {
    const token = (body as { access_token: string }).access_token;
    const next = { token, ...decodeClaims(token) };
    setJwt(next);
    return next;
  }, []);

  // On load, find out what this browser is already signed in with: the cookie session, and a
  // refresh cookie that can mint a fresh access token (the old one died with the last page).
  useEffect(() => {
    void api.session().then((a) => {
      if (a.status === 200) setSessionUser((a.body as { user: SignedInUser }).user);
    });
    if (storedModeIsJwt()) {
      void api.tokenRefresh().then((a) => {
        if (a.status === 200) acceptToken(a.body);
      });
    }
  }, [acceptToken]);

  const changeMode = (next: Mode) => {
    setMode(next);
    setAnswer(null);
    setNotice(null);
  };

  const user = mode === 'session' ? sessionUser : jwt?.user ?? null;

  const signIn = async (username: string, password: string) => {
    setBusy(true);
    setNotice(null);
    try {
      const a = mode === 'session' ? await api.sessionLogin(username, password) : await api.tokenLogin(username, password);
      if (a.status !== 200) {
        setNotice({ text: messageOf(a), tone: 'error' });
        return;
      }
      const signedIn = mode === 'session' ? (a.body as { user: SignedInUser }).user : acceptToken(a.body).user;
      if (mode === 'session') setSessionUser(signedIn);
      setAnswer(null);
      setNotice({ text: `Signed in as ${signedIn.username} with ${mode === 'session' ? 'a session cookie' : 'a JWT'}.`, tone: 'info' });
    } finally {
      setBusy(false);
    }
  };

  /** Calls a protected route; in JWT mode an expired access token is refreshed once and the call retried. */
  const callProtected = async (path: string) => {
    setBusy(true);
    try {
      let a = await api.me(mode, jwt?.token, path);
      if (mode === 'jwt' && a.errorCode === 'token_expired') {
        const refreshed = await api.tokenRefresh();
        if (refreshed.status === 200) a = await api.me(mode, acceptToken(refreshed.body).token, path);
      }
      setAnswer({ label: `GET ${path}`, answer: a });
    } finally {
      setBusy(false);
    }
  };

  const signOut = async () => {
    setBusy(true);
    try {
      const a = mode === 'session' ? await api.sessionLogout() : await api.tokenRevoke(jwt?.token);
      if (a.status !== 200) {
        setNotice({ text: messageOf(a), tone: 'error' });
        return;
      }
      if (mode === 'session') setSessionUser(null);
      else setJwt(null);
      setNotice({ text: 'Signed out.', tone: 'info' });
    } finally {
      setBusy(false);
    }
  };

  const button =
    'rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800';

  return (
    <section aria-labelledby="demo-title" className="flex flex-col gap-5 rounded-xl border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="demo-title" className="text-lg font-medium">
        Try it
      </h2>
      <ModeSwitch mode={mode} onChange={changeMode} />
      <p role="status" aria-live="polite" className={notice?.tone === 'error' ? 'text-sm text-rose-700 dark:text-rose-300' : 'text-sm text-slate-600 dark:text-slate-300'}>
        {notice ? (notice.tone === 'error' ? `Error: ${notice.text}` : notice.text) : null}
      </p>
      {user ? (
        <div className="flex flex-col gap-4">
          <p data-testid="whoami">
            Signed in as <strong>{user.username}</strong> ({user.role}) in{' '}
            <strong>{mode === 'session' ? 'Session' : 'JWT'}</strong> mode
            {mode === 'jwt' && jwt ? <span className="text-slate-500 dark:text-slate-400"> · token expires {new Date(jwt.expiresAt).toLocaleTimeString()}</span> : null}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={button} disabled={busy} onClick={() => void callProtected('/api/me')}>
              Call /api/me
            </button>
            <button type="button" className={button} disabled={busy} onClick={() => void callProtected('/api/admin/overview')}>
              Call /api/admin/overview
            </button>
            <button type="button" className={button} disabled={busy} onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-col gap-4">
          <SignInForm busy={busy} onSubmit={(u, p) => void signIn(u, p)} />
          <button type="button" className={`${button} self-start`} disabled={busy} onClick={() => void callProtected('/api/me')}>
            Call /api/me
          </button>
        </div>
      )}
      {answer ? <ApiAnswerView label={answer.label} answer={answer.answer} /> : null}
    </section>
  );
}
