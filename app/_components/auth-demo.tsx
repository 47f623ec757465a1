'use client';

import dynamic from 'next/dynamic';
import { useCallback, useEffect, useRef, useState } from 'react';
import { SESSION_USED, api, type ApiAnswer, type Lifetimes, type Mode, type SessionInfo, type SignedInUser } from '../_lib/api-client';
import {
  COOKIE_CARRY,
  TRANSPORT_NAMES,
  carryOf,
  goneText,
  restoredText,
  readHeldNote,
  sessionCell,
  signedInWith,
  type CellMode,
  type HeldNote,
  type Transport,
} from '../_lib/cell-credentials';
import { CLOCK_TOLERANCE, SESSION_END_TEXT, clockTime, jwtPhase, sessionPhase } from '../_lib/credential-clock';
import { jwtRows, sessionRows } from '../_lib/lifetime-rows';
import { STORE_UP } from '../_lib/store-status';
import { TokenManager, refreshDueAt, type TokenState } from '../_lib/token-manager';
import { useHeldSession } from '../_lib/use-held-session';
import { useNow } from '../_lib/use-now';
import { storedModeIsJwt, useStoredMode, useStoredTransport } from '../_lib/use-stored-mode';
import { safeNextPath } from '@/lib/http/safe-redirect';
import { ModeSwitch } from './mode-switch';
import type { SessionInspection } from './session-inspector';
import { SignInForm } from './sign-in-form';
import { BUTTON } from './button-class';
import { CarriedInSwitch } from './carried-in-switch';
import { DeviceList } from './device-list';

// What shows only after a sign-in (inspectors, lifetime bars, the denylist switch, an answer), while
// waiting, in an outage or in Hybrid mode loads when it is first needed, which keeps the sign-in page's
// first-load JavaScript under its budget (`npm run build` prints it). Each has its own Suspense
// boundary (`ssr: false`; none of it is on the server's first page), so loading one never hides the
// rest of the page: a mode radio shows its choice the moment it is clicked. Not the devices list: it
// asks the server as it mounts, and that request must leave with the sign-in, not a moment later.
const SessionInspector = dynamic(() => import('./session-inspector').then((m) => m.SessionInspector), { ssr: false });
const JwtInspector = dynamic(() => import('./jwt-inspector').then((m) => m.JwtInspector), { ssr: false });
const DenylistSwitch = dynamic(() => import('./denylist-switch').then((m) => m.DenylistSwitch), { ssr: false });
const ApiAnswerView = dynamic(() => import('./api-answer').then((m) => m.ApiAnswerView), { ssr: false });
const LifetimeBars = dynamic(() => import('./lifetime-bars').then((m) => m.LifetimeBars), { ssr: false });
const SessionOutage = dynamic(() => import('./session-outage').then((m) => m.SessionOutage), { ssr: false });
const HybridPanel = dynamic(() => import('./hybrid-panel').then((m) => m.HybridPanel), { ssr: false });
const SlowProgress = dynamic(() => import('./slow-progress').then((m) => m.SlowProgress), { ssr: false });

const MODE_NAMES: Record<Mode, string> = { session: 'Session', jwt: 'JWT', hybrid: 'Hybrid' };

function messageOf(answer: ApiAnswer): string {
  const body = answer.body as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The server answered ${answer.status}.`;
}

/** Answers that mean this browser's sign-in is over, not merely that one call failed. */
const SIGNED_OUT_CODES = new Set(['session_revoked', 'session_expired', 'refresh_token_reused']);

/** What this page knows of the session; a cookie is HttpOnly, so the server says (and which transport it travels in). */
type SessionState =
  | { kind: 'checking' }
  | { kind: 'none' }
  | { kind: 'live'; user: SignedInUser; info: SessionInfo; transport: Transport }
  // A header-carried credential lived in the page's memory: after a reload it is gone, and the page says so.
  | { kind: 'gone'; note: HeldNote }
  // A 503 from the session routes means a cookie is there but the store can't check it: not a sign-out.
  | { kind: 'outage'; user: SignedInUser | null; retryAfter: number | undefined };

type Notice = { text: string; tone: 'info' | 'error' };

export function AuthDemo() {
  const [mode, setMode] = useStoredMode();
  const cellMode: CellMode = mode === 'jwt' ? 'jwt' : 'session';
  const [chosen, setChosen] = useStoredTransport(cellMode);
  // What this page holds of its session (transport, header credential): in memory only.
  const { held, hold, carry: sessionCarry, carryNow, heldRef } = useHeldSession();
  const [session, setSession] = useState<SessionState>({ kind: 'checking' });
  const [inspection, setInspection] = useState<{ data: SessionInspection; at: number } | null>(null);
  // The access token lives in the manager's memory only (never localStorage); it refreshes itself.
  const [jwt, setJwt] = useState<TokenState | null>(null);
  // The sign-in that just ended by itself (exp + tolerance, nothing could renew it): the pane says so,
  // instead of "not signed in yet", until the next sign-in.
  const [endedJwt, setEndedJwt] = useState<TokenState | null>(null);
  const lastJwt = useRef<TokenState | null>(null);
  const manager = useRef<TokenManager | null>(null);
  const [answer, setAnswer] = useState<{ label: string; answer: ApiAnswer } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [lifetimes, setLifetimes] = useState<Lifetimes>('default');
  const signedInPanel = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);

  // A link may ask for a mode (the Learn page links `/?mode=hybrid`): it becomes the remembered choice.
  // Runs before the restore below, which reads the remembered mode.
  useEffect(() => {
    const asked = new URLSearchParams(window.location.search).get('mode');
    if (asked === 'session' || asked === 'jwt' || asked === 'hybrid') setMode(asked);
  }, [setMode]);

  /** Applies the server's answer about the session: live, none (or gone, after a reload), or an outage that keeps what we knew. */
  const applySession = useCallback(
    async (a: ApiAnswer) => {
      if (a.status === 200) {
        const body = a.body as { user: SignedInUser; session: SessionInfo; transport?: Transport };
        const transport = body.transport ?? 'cookie';
        setSession({ kind: 'live', user: body.user, info: body.session, transport });
        const inspected = await api.sessionInspect(carryNow());
        if (inspected.status !== 200) return;
        const data = inspected.body as SessionInspection;
        setInspection({ data, at: Date.now() });
        // The inspection is a use of the session too: when it moved the idle timeout, its times are the newer.
        if (Date.parse(data.session.lastSeenAt) > Date.parse(body.session.lastSeenAt)) {
          setSession({ kind: 'live', user: body.user, info: { ...body.session, ...data.session }, transport });
        }
      } else if (a.status === 503) {
        setSession((s) => ({ kind: 'outage', user: s.kind === 'live' || s.kind === 'outage' ? s.user : null, retryAfter: a.retryAfter }));
      } else {
        // No session answers here; if this tab held a header credential before a reload, say that it is gone.
        const note = heldRef.current ? null : readHeldNote(window.sessionStorage);
        if (heldRef.current) hold(null);
        setSession(note?.mode === 'session' ? { kind: 'gone', note } : { kind: 'none' });
        setInspection(null);
      }
    },
    [carryNow, heldRef, hold],
  );
  const loadSession = useCallback(() => api.session(carryNow()).then(applySession), [applySession, carryNow]);

  // On load, find out what this browser is already signed in with: the cookie session, and a
  // refresh cookie that can mint a fresh access token (the old one died with the last page).
  useEffect(() => {
    const m = new TokenManager((state, event) => {
      if (state) setEndedJwt(null);
      else if (event?.kind === 'expired' && lastJwt.current) setEndedJwt(lastJwt.current);
      lastJwt.current = state;
      setJwt(state);
      if (!event) return;
      if (event.kind === 'refresh-failed' && !state) setNotice({ text: `You were signed out: ${event.text}`, tone: 'error' });
      else if (event.kind === 'refresh-failed') setNotice({ text: event.text, tone: 'error' });
      else if (event.kind === 'expired' && !state) setNotice({ text: event.text, tone: 'info' });
    });
    manager.current = m;
    void loadSession();
    if (storedModeIsJwt())
      void m.restore().then((restored) => {
        const state = m.current;
        // The old access token (or its header half) went with the page; the refresh cookie brought a new one.
        if (restored && state && state.transport !== 'cookie') setNotice({ text: restoredText(state.transport), tone: 'info' });
      });
    return () => m.dispose();
  }, [loadSession]);

  // Another call on this page used the session (the device list, a protected call, the hybrid exchange):
  // it may have moved the idle timeout, so the times on screen are read again, never guessed.
  const sessionKind = session.kind;
  useEffect(() => {
    if (sessionKind !== 'live' && sessionKind !== 'outage') return;
    const again = () => void loadSession();
    window.addEventListener(SESSION_USED, again);
    return () => window.removeEventListener(SESSION_USED, again);
  }, [sessionKind, loadSession]);

  // When the store is back, ask again: the outage state gives way to what the server now says.
  useEffect(() => {
    const again = () => {
      void loadSession();
      const m = manager.current;
      if (m?.current && Date.now() >= refreshDueAt(m.current)) void m.refresh('manual');
    };
    window.addEventListener(STORE_UP, again);
    return () => window.removeEventListener(STORE_UP, again);
  }, [loadSession]);

  /** The session ended: by the learner's own action (a 200) or elsewhere (a 401). */
  const sessionEnded = useCallback(
    (a: ApiAnswer) => {
      setSession({ kind: 'none' });
      setInspection(null);
      hold(null);
      setNotice(a.status === 200 ? { text: messageOf(a), tone: 'info' } : { text: `You were signed out: ${messageOf(a)}`, tone: 'error' });
    },
    [hold],
  );

  // Each credential's end is a moment the pane changes at by itself, without waiting for a click.
  const sessionTimes = session.kind === 'live' ? sessionPhase(session.info, 0) : null;
  const jwtTimes = jwt ? jwtPhase(jwt, 0) : null;
  const now = useNow([sessionTimes?.endsAt, jwt?.expiresAt, jwtTimes?.refusedFrom, jwt?.refreshExpiresAt]);
  const sessionLive = session.kind === 'live' && sessionPhase(session.info, now).live;
  const jwtAccess = jwt ? jwtPhase(jwt, now).access : null;

  // A session that has run out by the clock is confirmed with the server a moment later (another tab
  // may have kept it in use); until then the pane already says it ended.
  const endedAt = session.kind === 'live' && !sessionLive ? sessionPhase(session.info, now).endsAt : null;
  useEffect(() => {
    if (endedAt === null) return;
    const id = window.setTimeout(() => void loadSession(), 1000);
    return () => window.clearTimeout(id);
  }, [endedAt, loadSession]);

  const changeMode = (next: Mode) => {
    setMode(next);
    setAnswer(null);
    setNotice(null);
  };

  const usesCookie = mode !== 'jwt';
  // Hybrid trades the session cookie alone: a session that needs a header credential can't be traded there.
  const sessionFits = session.kind === 'live' && (mode !== 'hybrid' || session.transport === 'cookie');
  /** Where the shown credential actually travels, as the server's answers say. */
  const actual: Transport | null = usesCookie ? (session.kind === 'live' ? session.transport : null) : (jwt?.transport ?? null);
  const user = usesCookie
    ? sessionLive && session.kind === 'live' && sessionFits
      ? session.user
      : null
    : jwt && jwtAccess !== 'expired'
      ? jwt.user
      : null;

  // Focus moves to what sign-in produced, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (focusPending.current && user) {
      focusPending.current = false;
      signedInPanel.current?.focus();
    }
  }, [user]);

  const signIn = async (username: string, password: string) => {
    setBusy(
      usesCookie
        ? 'the server checks the password and writes the session to the store'
        : 'the server checks the password and signs a token',
    );
    setNotice(null);
    // Hybrid keeps its fixed design: the session cookie (the server's default), no transport sent.
    const transport = mode === 'hybrid' ? undefined : chosen;
    try {
      const a = usesCookie
        ? await api.sessionLogin(username, password, lifetimes, transport)
        : await manager.current?.signIn(username, password, lifetimes, transport);
      if (!a || a.status !== 200) {
        if (a)
          setNotice({
            text: a.status === 503 ? `${messageOf(a)} (503, Retry-After ${a.retryAfter ?? '?'} s)` : messageOf(a),
            tone: 'error',
          });
        return;
      }
      const signedIn = usesCookie ? (a.body as { user: SignedInUser }).user : (manager.current?.current?.user as SignedInUser);
      // The cell the server actually gave (its answer names it), not merely the one asked for.
      const given = usesCookie ? sessionCell(a.body) : { transport: manager.current?.current?.transport ?? 'header', bearer: null };
      if (usesCookie) {
        hold(given, signedIn.username);
        await loadSession();
      }
      // Each cell has cookies of its own: this sign-in left the other mode's credential signed in.
      setAnswer(null);
      focusPending.current = true;
      setNotice({ text: `Signed in as ${signedIn.username} with ${signedInWith(cellMode, given.transport)}.`, tone: 'info' });
      // `?next=` may only lead to a page of this site; anything else stays here. Leaving the page would
      // drop a header credential, so only a cookie session follows the link.
      const next = new URLSearchParams(window.location.search).get('next');
      if (next !== null && usesCookie && given.transport === 'cookie') {
        const target = safeNextPath(next);
        if (target !== '/') window.location.assign(target);
      }
    } finally {
      setBusy(null);
    }
  };

  /** Calls a protected route; in JWT mode an expired access token is refreshed once and the call retried. */
  const callProtected = async (path: string) => {
    setBusy(`GET ${path}`);
    try {
      const a =
        mode === 'jwt' && manager.current
          ? await manager.current.call(path)
          : await api.me(mode, held?.bearer ?? undefined, path, mode === 'hybrid' ? 'cookie' : (held?.transport ?? 'cookie'));
      setAnswer({ label: `GET ${path}`, answer: a });
      if (a.errorCode && SIGNED_OUT_CODES.has(a.errorCode)) {
        if (usesCookie) sessionEnded(a);
        else setNotice({ text: `You were signed out: ${messageOf(a)}`, tone: 'error' });
      } else if (usesCookie && a.status === 503) {
        setSession((s) => ({ kind: 'outage', user: s.kind === 'live' || s.kind === 'outage' ? s.user : null, retryAfter: a.retryAfter }));
      }
    } finally {
      setBusy(null);
    }
  };

  const signOut = async (everywhere = false) => {
    setBusy(everywhere ? 'every session and refresh family of this user is ended' : 'the server ends this sign-in');
    try {
      const a = usesCookie
        ? everywhere
          ? await api.revokeAllSessions(sessionCarry)
          : await api.sessionLogout(sessionCarry)
        : await manager.current?.signOut(everywhere);
      if (!a || a.status !== 200) {
        if (a) setNotice({ text: messageOf(a), tone: 'error' });
        return;
      }
      if (usesCookie) {
        setSession({ kind: 'none' });
        setInspection(null);
        hold(null);
      }
      setNotice({ text: everywhere ? 'Signed out everywhere.' : 'Signed out.', tone: 'info' });
    } finally {
      setBusy(null);
    }
  };

  /** What this mode holds when it shows no signed-in user: each mode speaks for itself. */
  const notSignedIn = (() => {
    if (usesCookie) {
      if (session.kind === 'checking') return 'Checking for a session cookie…';
      if (session.kind === 'gone') return goneText(session.note);
      if (session.kind === 'live' && !sessionFits)
        return `You are signed in with a session carried in ${TRANSPORT_NAMES[session.transport]}; Hybrid trades the session cookie alone, so sign in here to get one.`;
      if (session.kind === 'live')
        return `Your session ended at ${clockTime(sessionPhase(session.info, now).endsAt)}: ${SESSION_END_TEXT[sessionPhase(session.info, now).reason]}.`;
      return 'Not signed in with a session yet.';
    }
    const expired = jwt && jwtAccess === 'expired' ? jwt : jwt ? null : endedJwt;
    if (expired)
      return `Your access token expired at ${clockTime(expired.expiresAt)} (refused from ${clockTime(jwtPhase(expired, 0).refusedFrom)}, after the server's ${CLOCK_TOLERANCE} s clock tolerance).`;
    return 'Not signed in with a JWT yet.';
  })();
  /** A double session id's cookie half, left after the reload took the header half: the visitor may end it now. */
  const endLeftover = async () => {
    const a = await api.sessionLogout(COOKIE_CARRY);
    const ended = a.status === 200 && (a.body as { ended?: boolean }).ended === true;
    setNotice(
      a.status !== 200
        ? { text: messageOf(a), tone: 'error' }
        : {
            text: ended ? 'The cookie half named a session: it is ended now.' : 'No session was left for the cookie to name.',
            tone: 'info',
          },
    );
    hold(null);
    setSession({ kind: 'none' });
  };
  const otherMode = usesCookie
    ? jwt && jwtAccess !== 'expired'
      ? `You are also signed in with a JWT as ${jwt.user.username}; choose JWT to see it.`
      : null
    : sessionLive && session.kind === 'live'
      ? `You are also signed in with a session as ${session.user.username}; choose Session to see it.`
      : null;

  return (
    <section aria-labelledby="demo-title" className="flex flex-col gap-5 rounded-xl border border-line bg-surface p-4 sm:p-6">
      <h2 id="demo-title" className="text-lg font-medium">
        Try it
      </h2>
      <div className="flex flex-col gap-4">
        <ModeSwitch mode={mode} onChange={changeMode} />
        <CarriedInSwitch mode={mode} transport={chosen} onChange={setChosen} />
      </div>
      <p role="status" aria-live="polite" className={notice?.tone === 'error' ? 'text-sm text-bad' : 'text-sm text-muted'}>
        {notice ? (notice.tone === 'error' ? `Error: ${notice.text}` : notice.text) : null}
      </p>
      {usesCookie && session.kind === 'outage' ? (
        <SessionOutage username={session.user?.username} retryAfter={session.retryAfter} inMemory={held?.transport === 'header'} />
      ) : user ? (
        <div ref={signedInPanel} tabIndex={-1} aria-labelledby="whoami" className="flex flex-col gap-4 outline-none">
          <p data-testid="whoami" id="whoami">
            Signed in as <strong>{user.username}</strong> ({user.role}) in <strong>{MODE_NAMES[mode]}</strong> mode, carried in{' '}
            <strong>{TRANSPORT_NAMES[actual ?? 'cookie']}</strong>
            {usesCookie && session.kind === 'live' ? (
              <span className="text-muted"> · with a session since {clockTime(Date.parse(session.info.createdAt))}</span>
            ) : jwt ? (
              <span className="text-muted"> · with a JWT issued {clockTime(jwt.issuedAt)}</span>
            ) : null}
          </p>
          {mode !== 'hybrid' && actual && actual !== chosen ? (
            <p className="text-sm text-muted" data-testid="carried-in-next">
              The “Carried in” choice ({TRANSPORT_NAMES[chosen]}) applies to your next sign-in; this one travels in{' '}
              {TRANSPORT_NAMES[actual]}.
            </p>
          ) : null}
          {usesCookie && session.kind === 'live' ? (
            <LifetimeBars label="Session lifetimes" rows={sessionRows(session.info)} />
          ) : jwt ? (
            <>
              <LifetimeBars label="Token lifetimes" rows={jwtRows(jwt, jwt.renewalRefused === undefined ? refreshDueAt(jwt) : null)} />
              {jwt.renewalRefused !== undefined ? (
                <p className="text-sm text-warn" data-testid="renewal-refused">
                  ⚠ The refresh was refused ({jwt.renewalRefused}): this access token works until {clockTime(jwtTimes?.refusedFrom ?? 0)}{' '}
                  (exp + the server&apos;s {CLOCK_TOLERANCE} s clock tolerance), then you are signed out.
                </p>
              ) : null}
            </>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <button type="button" className={BUTTON} disabled={busy !== null} onClick={() => void callProtected('/api/me')}>
              Call /api/me
            </button>
            <button type="button" className={BUTTON} disabled={busy !== null} onClick={() => void callProtected('/api/admin/overview')}>
              Call /api/admin/overview
            </button>
            <button type="button" className={BUTTON} disabled={busy !== null} onClick={() => void signOut()}>
              Sign out
            </button>
            {mode === 'jwt' ? (
              <button type="button" className={BUTTON} disabled={busy !== null} onClick={() => void signOut(true)}>
                Sign out everywhere
              </button>
            ) : null}
          </div>
          <SlowProgress waitingFor={busy} />
          {usesCookie && inspection ? (
            <details open className="rounded-lg border border-line p-3">
              <summary className="cursor-pointer text-sm font-medium">
                What you got: the {inspection.data.transport === 'cookie' ? 'session cookie' : 'session credential'}, taken apart
              </summary>
              <div className="mt-2">
                <SessionInspector data={inspection.data} fetchedAt={inspection.at} bearer={held?.bearer ?? null} />
              </div>
            </details>
          ) : null}
          {!usesCookie && jwt ? (
            <details open className="rounded-lg border border-line p-3">
              <summary className="cursor-pointer text-sm font-medium">What you got: the JWT, taken apart</summary>
              <div className="mt-2">
                <JwtInspector state={jwt} />
              </div>
            </details>
          ) : null}
          {mode === 'session' ? <DeviceList onSignedOut={sessionEnded} carry={sessionCarry} /> : null}
          {mode === 'jwt' ? (
            <DenylistSwitch
              isAdmin={user.role === 'admin'}
              token={jwt?.transport === 'header' ? (jwt.bearer ?? undefined) : undefined}
              carry={jwt && jwt.transport !== 'header' ? carryOf(jwt.transport, jwt.bearer, 'jwt') : undefined}
            />
          ) : null}
        </div>
      ) : (
        <div className="flex flex-col gap-4">
          <p className="text-sm" data-testid="mode-state">
            {notSignedIn}
            {otherMode ? <span className="block text-muted">{otherMode}</span> : null}
          </p>
          {usesCookie && session.kind === 'gone' && session.note.transport === 'both' ? (
            <button type="button" className={`${BUTTON} self-start`} disabled={busy !== null} onClick={() => void endLeftover()}>
              End the leftover session (cookie half)
            </button>
          ) : null}
          <SignInForm busy={busy !== null} onSubmit={(u, p) => void signIn(u, p)} />
          <SlowProgress waitingFor={busy} />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={lifetimes === 'demo'}
              onChange={(e) => setLifetimes(e.target.checked ? 'demo' : 'default')}
              className="accent-accent-solid"
            />
            Demo speed (access token 20 s, refresh 2 min, session idle 1 min, absolute 5 min)
          </label>
          <button type="button" className={`${BUTTON} self-start`} disabled={busy !== null} onClick={() => void callProtected('/api/me')}>
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
