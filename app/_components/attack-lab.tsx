'use client';

import { base64url, decodeJwt } from 'jose';
import { useEffect, useRef, useState } from 'react';
import { api } from '../_lib/api-client';
import { revokeAccessToken, throwawayAccessToken, throwawayUser } from '../_lib/throwaway-client';

interface Step {
  request: string;
  status: number;
  code?: string;
}

interface Outcome {
  steps: Step[];
  verdict: string;
  why: string;
  blocked: boolean;
}

type Storage = 'memory' | 'localStorage';
const STORAGE_KEY = 'authlab:lab-token';

async function send(path: string, token: string | null): Promise<Step> {
  const response = await fetch(path, { credentials: 'omit', headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return {
    request: `GET ${path} (Bearer ${token ? `${token.slice(0, 16)}…` : 'none'})`,
    status: response.status,
    ...(body?.error?.code ? { code: body.error.code } : {}),
  };
}

const answerOf = (s: Step) => (s.code ? `${s.status} ${s.code}` : String(s.status));

/** This page's throwaway user (POST /api/lab/throwaway), made once and reused until it nears its end: never a real account. */
let labUser: ReturnType<typeof throwawayUser> | undefined;
async function labThrowaway() {
  const current = await labUser?.catch(() => undefined);
  if (current && current.expiresAt - Date.now() > 60_000) return current;
  labUser = throwawayUser();
  return labUser;
}

/** A fresh access token of the throwaway user; its refresh cookie never reaches this browser's jar. */
async function freshToken(): Promise<string> {
  const { username, password } = await labThrowaway();
  return throwawayAccessToken(username, password);
}

function Result({ outcome }: { outcome: Outcome }) {
  return (
    <div className="mt-2 flex flex-col gap-1 text-xs">
      <ol className="font-mono">
        {outcome.steps.map((s, i) => (
          <li key={i}>
            {s.request} → <strong>{s.status}</strong>
            {s.code ? ` ${s.code}` : ''}
          </li>
        ))}
      </ol>
      <p data-testid="verdict" className={outcome.blocked ? 'font-semibold text-ok' : 'font-semibold text-bad'}>
        {outcome.blocked ? '✓ Blocked: ' : '✗ Got through: '}
        {outcome.verdict}
      </p>
      <p className="text-muted">Why: {outcome.why}</p>
    </div>
  );
}

/** What a run waits for while it shows progress: password hashes are slow on purpose (scrypt), seconds on a busy server. */
const SIGN_IN_WORK = 'signing the throwaway user in (a deliberately slow password hash; the first run also creates the user)';
const SERVER_WORK = 'the server creates a throwaway user and signs it in (two deliberately slow password hashes), then plays the attack';

function Attack({ title, mode, run, work }: { title: string; mode: string; run: () => Promise<Outcome>; work?: string }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <li aria-label={title} className="rounded-lg border border-line p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium">
          {title} <span className="text-xs font-normal text-muted">({mode})</span>
        </p>
        <button
          type="button"
          disabled={busy}
          className="rounded-md border border-line-strong px-3 py-1.5 text-sm font-medium hover:bg-hover disabled:opacity-50"
          onClick={() => {
            setBusy(true);
            setError(null);
            void run()
              .then(setOutcome, (e: unknown) => {
                setOutcome(null);
                setError(e instanceof Error ? e.message : String(e));
              })
              .finally(() => setBusy(false));
          }}
        >
          Run
        </button>
      </div>
      {/* Always present, so a screen reader announces the verdict when a run ends. */}
      <div aria-live="polite">
        {busy ? (
          <p data-testid="running" className="mt-2 text-xs text-muted">
            Running{work ? `: ${work}` : ''}…
          </p>
        ) : error ? (
          <p className="mt-2 text-xs text-bad">Error: the attack could not run ({error}).</p>
        ) : outcome ? (
          <Result outcome={outcome} />
        ) : null}
      </div>
    </li>
  );
}

const serverAttack = (attack: string) => async (): Promise<Outcome> => {
  const response = await fetch('/api/lab/attack', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ attack }),
  });
  const r = (await response.json().catch(() => null)) as { steps: Step[]; outcome: Step; why: string; error?: { message: string } } | null;
  if (response.status !== 200 || !r?.outcome) throw new Error(r?.error?.message ?? `POST /api/lab/attack answered ${response.status}`);
  const blocked = r.outcome.status >= 400;
  return { steps: r.steps, verdict: answerOf(r.outcome), why: r.why, blocked };
};

export function AttackLab() {
  const [storage, setStorage] = useState<Storage>('memory');
  const memoryToken = useRef<string | null>(null);
  const [stolen, setStolen] = useState<string | null>(null);

  // The lab's own sign-in for the XSS demo, kept where the visitor chose.
  useEffect(() => {
    window.localStorage.removeItem(STORAGE_KEY);
  }, []);

  // The newest click wins: an earlier sign-in still in flight (slow hashes) must not undo a later choice when it lands.
  const keeping = useRef(0);
  const keepToken = async () => {
    const mine = ++keeping.current;
    const token = await freshToken();
    if (mine !== keeping.current) return;
    memoryToken.current = storage === 'memory' ? token : null;
    if (storage === 'localStorage') window.localStorage.setItem(STORAGE_KEY, token);
    else window.localStorage.removeItem(STORAGE_KEY);
  };

  const tamper = async (): Promise<Outcome> => {
    const token = await freshToken();
    const [h, , s] = token.split('.') as [string, string, string];
    const forged = `${h}.${base64url.encode(JSON.stringify({ ...decodeJwt(token), role: 'admin' }))}.${s}`;
    const step = await send('/api/admin/overview', forged);
    return {
      steps: [step],
      verdict: answerOf(step),
      why: 'The signature covers the payload: changing role to admin breaks it.',
      blocked: step.status === 401,
    };
  };

  const algNone = async (): Promise<Outcome> => {
    const token = await freshToken();
    const none = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    const forged = `${none}.${base64url.encode(JSON.stringify({ ...decodeJwt(token), role: 'admin' }))}.`;
    const step = await send('/api/admin/overview', forged);
    return {
      steps: [step],
      verdict: answerOf(step),
      why: 'Each key allows exactly its own algorithm; "none" is never accepted.',
      blocked: step.status === 401,
    };
  };

  const tokenAfterLogout = async (): Promise<Outcome> => {
    const token = await freshToken();
    const revoke = await revokeAccessToken(token);
    const step = await send('/api/me', token);
    const settings = await api.settings();
    const denylist = (settings.body as { jwtDenylist?: boolean } | null)?.jwtDenylist === true;
    return {
      steps: [{ request: 'POST /api/token/revoke {token}', status: revoke.status }, step],
      verdict: answerOf(step),
      why: denylist
        ? 'The denylist check is on: the revoked jti is refused at once, for a store lookup per request.'
        : 'The denylist check is off: a JWT is self-contained, so it keeps working until it expires. Short lifetimes limit the damage.',
      blocked: step.status === 401,
    };
  };

  const xss = async (): Promise<Outcome> => {
    // What an injected script can read from this page.
    const cookies = document.cookie;
    const fromStorage = window.localStorage.getItem(STORAGE_KEY);
    setStolen(fromStorage);
    const found = [
      cookies ? `document.cookie = "${cookies}"` : 'document.cookie = "" (the session and refresh cookies are HttpOnly)',
      fromStorage ? `localStorage: a bearer token (${fromStorage.length} bytes)` : 'localStorage: nothing',
    ];
    return {
      steps: found.map((f) => ({ request: f, status: 0 })),
      verdict: fromStorage ? 'the script read the bearer token from localStorage' : 'the script found no credential to carry away',
      why: fromStorage
        ? 'Anything in localStorage is readable by any script on the page; an HttpOnly cookie is not. (A script can still act as you while the page is open.)'
        : 'The token lives in memory and the cookies are HttpOnly. A script can still make requests while the page is open, but cannot take a credential with it.',
      blocked: !fromStorage,
    };
  };

  const replayStolen = async (): Promise<Outcome> => {
    if (!stolen)
      return {
        steps: [],
        verdict: 'nothing was stolen, so nothing to replay',
        why: 'Run the XSS attack with the token kept in localStorage first.',
        blocked: true,
      };
    const step = await send('/api/me', stolen);
    return {
      steps: [step],
      verdict: `${answerOf(step)}: the thief is signed in as you from elsewhere`,
      why: 'A bearer token works for whoever holds it, from anywhere, until it expires or is denylisted.',
      blocked: step.status === 401,
    };
  };

  return (
    <div className="flex flex-col gap-4 rounded-xl border border-line bg-surface p-4 sm:p-6">
      <fieldset className="flex flex-wrap items-center gap-3 text-sm">
        <legend className="mb-1 font-medium">Where this page keeps its JWT (for the XSS attack)</legend>
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name="storage"
            checked={storage === 'memory'}
            onChange={() => setStorage('memory')}
            className="accent-accent-solid"
          />
          In memory (what authlab does)
        </label>
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name="storage"
            checked={storage === 'localStorage'}
            onChange={() => setStorage('localStorage')}
            className="accent-accent-solid"
          />
          In localStorage (unsafe)
        </label>
        <button
          type="button"
          className="rounded-md border border-line-strong px-3 py-1.5 font-medium hover:bg-hover"
          onClick={() => void keepToken()}
        >
          Sign in a throwaway user and keep the token
        </button>
      </fieldset>
      <ul className="flex flex-col gap-3">
        <Attack title="Tamper with the payload" mode="JWT" work={SIGN_IN_WORK} run={tamper} />
        <Attack title="Switch to alg: none" mode="JWT" work={SIGN_IN_WORK} run={algNone} />
        <Attack title="Replay a token after logout" mode="JWT" work={SIGN_IN_WORK} run={tokenAfterLogout} />
        <Attack
          title="Replay a cookie after logout"
          mode="session, played by the server"
          work={SERVER_WORK}
          run={serverAttack('cookie-replay')}
        />
        <Attack
          title="Reuse a rotated refresh token"
          mode="JWT, played by the server; waits out the reuse grace"
          work={SERVER_WORK}
          run={serverAttack('refresh-reuse')}
        />
        <Attack
          title="Refresh race"
          mode="JWT, played by the server: parallel refreshes with one token, then reuse after the grace"
          work={SERVER_WORK}
          run={serverAttack('refresh-race')}
        />
        <Attack
          title="Cross-site POST"
          mode="session, played by the server with Origin: https://evil.example"
          work={SERVER_WORK}
          run={serverAttack('cross-site-post')}
        />
        <Attack
          title="Cookie tossing"
          mode="session and JWT, played by the server: a second authlab_session sent first; a refresh cookie alone, without its companion"
          work={SERVER_WORK}
          run={serverAttack('cookie-tossing')}
        />
        <Attack title="XSS: a script reads what it can" mode="both" run={xss} />
        <Attack title="Stolen-token replay" mode="JWT" run={replayStolen} />
      </ul>
    </div>
  );
}
