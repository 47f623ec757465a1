'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { DEMO_ACCOUNTS, type DemoUsername } from '@/lib/auth/demo-accounts';
import { api, type ApiAnswer, type Lifetimes, type SignedInUser } from '../_lib/api-client';
import { CLOCK_TOLERANCE, SESSION_END_TEXT, clockTime, jwtPhase, sessionPhase } from '../_lib/credential-clock';
import { formatRemaining } from '../_lib/format-remaining';
import { jwtRows, sessionRows } from '../_lib/lifetime-rows';
import { TokenManager, refreshDueAt, type TokenState } from '../_lib/token-manager';
import { useNow } from '../_lib/use-now';
import { CostLine, type RequestCost } from './cost-line';
import { EventTimeline, type TimelineEvent } from './event-timeline';
import { JwtInspector } from './jwt-inspector';
import { LifetimeBars } from './lifetime-bars';
import { SessionInspector, type SessionInspection } from './session-inspector';
import { BUTTON } from './button-class';

type Username = DemoUsername;

const messageOf = (a: ApiAnswer) => (a.body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${a.status}`;
const outcome = (a: ApiAnswer) => (a.status === 200 ? '200' : `${a.status} ${a.errorCode ?? ''}`.trim());

function useTimeline() {
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const add = useCallback((text: string, tone: TimelineEvent['tone']) => {
    setEvents((list) => [{ at: Date.now(), text, tone }, ...list].slice(0, 80));
  }, []);
  return [events, add] as const;
}

export function CompareLab() {
  const [username, setUsername] = useState<Username>('alice');
  const [speed, setSpeed] = useState<Lifetimes>('demo');

  // Session pane: the cookie is HttpOnly, so what we know of it comes from the server's inspection.
  const [sessionUser, setSessionUser] = useState<SignedInUser | null>(null);
  const [inspection, setInspection] = useState<{ data: SessionInspection; at: number } | null>(null);
  const [sessionNotice, setSessionNotice] = useState<string | null>(null);
  const [sessionCost, setSessionCost] = useState<RequestCost | null>(null);
  const [sessionEvents, addSessionEvent] = useTimeline();
  const [keepBusy, setKeepBusy] = useState(false);

  // JWT pane: the token manager owns the access token (memory only) and its refreshes.
  const [jwt, setJwt] = useState<TokenState | null>(null);
  const [jwtNotice, setJwtNotice] = useState<string | null>(null);
  const [jwtCost, setJwtCost] = useState<RequestCost | null>(null);
  const [jwtEvents, addJwtEvent] = useTimeline();
  const [autoRefresh, setAutoRefresh] = useState(true);
  const manager = useRef<TokenManager | null>(null);

  useEffect(() => {
    const m = new TokenManager((state, event) => {
      setJwt(state);
      if (event)
        addJwtEvent(
          event.text,
          event.kind === 'refresh-failed' || event.kind === 'expired' ? 'fail' : event.kind === 'signed-out' ? 'info' : 'ok',
        );
      if (event?.kind === 'refresh-failed' && !state) setJwtNotice(`Signed out: ${event.text}`);
    });
    manager.current = m;
    void m.restore();
    return () => m.dispose();
  }, [addJwtEvent]);

  const sessionEnded = useCallback(
    (a: ApiAnswer) => {
      setSessionUser(null);
      setInspection(null);
      setKeepBusy(false);
      // A later call that finds no cookie (the first refusal cleared it) must not replace the reason the session ended.
      const notice = `Signed out: ${messageOf(a)}`;
      setSessionNotice((previous) => (a.errorCode === 'unauthenticated' && previous?.startsWith('Signed out') ? previous : notice));
      addSessionEvent(`Session over (${a.errorCode ?? a.status}): ${messageOf(a)}`, 'fail');
    },
    [addSessionEvent],
  );

  const inspect = useCallback(async () => {
    const a = await fetch('/api/session/inspect', { credentials: 'same-origin' });
    const body = (await a.json()) as SessionInspection & { error?: { code: string; message: string } };
    if (a.status === 200) {
      setInspection({ data: body, at: Date.now() });
      setSessionUser({ id: '', username: body.record.user.username, role: body.record.user.role as SignedInUser['role'] });
    } else if (a.status === 401) {
      sessionEnded({ status: 401, body, serverTiming: null, errorCode: body.error?.code });
    }
  }, [sessionEnded]);

  // A session signed in earlier in this browser shows up at once.
  useEffect(() => {
    void api.session().then((a) => {
      if (a.status === 200) void inspect();
    });
  }, [inspect]);

  const sessionSignIn = async () => {
    const a = await api.sessionLogin(username, DEMO_ACCOUNTS[username].password, speed);
    if (a.status !== 200) {
      setSessionNotice(messageOf(a));
      return;
    }
    setSessionNotice(null);
    setSessionUser((a.body as { user: SignedInUser }).user);
    addSessionEvent(`Signed in as ${username}: new session id, cookie set`, 'ok');
    await inspect();
  };

  const sessionCall = useCallback(async () => {
    const a = await api.me('session');
    addSessionEvent(`GET /api/me with the cookie → ${outcome(a)}`, a.status === 200 ? 'ok' : 'fail');
    setSessionCost({
      serverTiming: a.serverTiming,
      bytesSent: 'Cookie: '.length + (inspection?.data.cookie.bytes ?? 0),
      what: 'Cookie header',
    });
    if (a.status === 401) sessionEnded(a);
    else await inspect();
  }, [addSessionEvent, inspect, inspection?.data.cookie.bytes, sessionEnded]);

  const sessionSignOut = async () => {
    const a = await api.sessionLogout();
    if (a.status === 200) {
      setSessionUser(null);
      setInspection(null);
      setKeepBusy(false);
      setSessionNotice('Signed out.');
      addSessionEvent('Signed out: record ended in the store, cookie cleared', 'info');
    }
  };

  // When a timeout passes, ask the server, so the pane says why the session ended.
  const idleEnds = inspection
    ? Math.min(Date.parse(inspection.data.session.idleExpiresAt), Date.parse(inspection.data.session.absoluteExpiresAt))
    : null;
  useEffect(() => {
    if (idleEnds === null) return;
    const id = window.setTimeout(
      () => {
        void api.session().then((a) => {
          if (a.status === 401) sessionEnded(a);
        });
      },
      Math.max(0, idleEnds - Date.now()) + 300,
    );
    return () => window.clearTimeout(id);
  }, [idleEnds, sessionEnded]);

  useEffect(() => {
    if (!keepBusy) return;
    const id = window.setInterval(() => void sessionCall(), 1000);
    return () => window.clearInterval(id);
  }, [keepBusy, sessionCall]);

  const jwtSignIn = async () => {
    const a = await manager.current?.signIn(username, DEMO_ACCOUNTS[username].password, speed);
    if (a && a.status !== 200) setJwtNotice(messageOf(a));
    else setJwtNotice(null);
  };

  const jwtCall = async () => {
    const m = manager.current;
    if (!m) return;
    const a = await m.call('/api/me');
    addJwtEvent(`GET /api/me with the bearer token → ${outcome(a)}`, a.status === 200 ? 'ok' : 'fail');
    setJwtCost({
      serverTiming: a.serverTiming,
      bytesSent: m.current?.bearer ? `Authorization: Bearer ${m.current.bearer}`.length : 0,
      what: 'Authorization header',
    });
  };

  const switchAutoRefresh = (on: boolean) => {
    setAutoRefresh(on);
    manager.current?.setAutoRefresh(on);
    addJwtEvent(
      on ? 'Auto-refresh on: refresh before expiry and retry once on 401' : 'Auto-refresh off: tokens are left to expire',
      'info',
    );
  };

  const jwtRefresh = async () => {
    await manager.current?.refresh('manual');
  };

  const jwtSignOut = async () => {
    const a = await manager.current?.signOut();
    if (a?.status === 200) setJwtNotice('Signed out.');
  };

  // Each pane's text follows the clock: it changes at the moment a credential ends, not at the next click.
  const sessionEnd = inspection ? sessionPhase(inspection.data.session, 0) : null;
  const jwtEnd = jwt ? jwtPhase(jwt, 0) : null;
  const now = useNow([sessionEnd?.endsAt, jwt?.expiresAt, jwtEnd?.refusedFrom, jwt?.refreshExpiresAt]);
  const sessionStatus = (() => {
    if (!sessionUser) return sessionNotice ?? 'Not signed in';
    if (inspection && !sessionPhase(inspection.data.session, now).live) {
      const end = sessionPhase(inspection.data.session, now);
      return `Signed out at ${clockTime(end.endsAt)}: ${SESSION_END_TEXT[end.reason]}`;
    }
    return `Signed in as ${sessionUser.username}`;
  })();
  const jwtStatus = (() => {
    if (!jwt) return jwtNotice ?? 'Not signed in';
    const phase = jwtPhase(jwt, now);
    if (phase.access === 'valid') return `Signed in as ${jwt.user.username}`;
    if (phase.access === 'tolerated')
      return `Signed in as ${jwt.user.username} · access token past exp, accepted ${formatRemaining(phase.refusedFrom - now)} more (the server's ${CLOCK_TOLERANCE} s clock tolerance)`;
    if (phase.refresh === 'valid')
      return `Access token expired (refused since ${clockTime(phase.refusedFrom)}): calls get 401 until a refresh; the refresh cookie works until ${clockTime(jwt.refreshExpiresAt)}`;
    return `Signed out: the access token (refused since ${clockTime(phase.refusedFrom)}) and the refresh cookie (ended ${clockTime(jwt.refreshExpiresAt)}) have both expired`;
  })();

  return (
    <div className="flex flex-col gap-5">
      <section aria-label="Both panes" className="flex flex-wrap items-end gap-3 rounded-xl border border-line bg-surface p-4">
        <label className="flex min-w-0 max-w-full flex-col text-sm font-medium">
          User
          <select
            value={username}
            onChange={(e) => setUsername(e.target.value as Username)}
            className="mt-1 max-w-full rounded-md border border-line-strong bg-surface px-2 py-1.5"
          >
            <option value="alice">alice (admin)</option>
            <option value="bob">bob (member)</option>
          </select>
        </label>
        <label className="flex min-w-0 max-w-full flex-col text-sm font-medium">
          Lifetimes
          <select
            value={speed}
            onChange={(e) => setSpeed(e.target.value as Lifetimes)}
            className="mt-1 max-w-full rounded-md border border-line-strong bg-surface px-2 py-1.5"
          >
            <option value="demo">Demo speed (access 20 s, refresh 2 min, idle 1 min, absolute 5 min)</option>
            <option value="default">Configured defaults</option>
            <option value="fast">Fast (access 6 s, refresh 40 s, idle 5 s, absolute 12 s)</option>
          </select>
        </label>
        <button type="button" className={BUTTON} onClick={() => void Promise.all([sessionSignIn(), jwtSignIn()])}>
          Sign in both
        </button>
        <button type="button" className={BUTTON} onClick={() => void Promise.all([sessionCall(), jwtCall()])}>
          Call /api/me in both
        </button>
        <button type="button" className={BUTTON} onClick={() => void Promise.all([sessionSignOut(), jwtSignOut()])}>
          Sign out both
        </button>
      </section>
      <div className="grid gap-5 lg:grid-cols-2">
        <section aria-label="Session pane" className="flex min-w-0 flex-col gap-3 rounded-xl border border-line bg-surface p-4">
          <h2 className="text-lg font-medium">Session (cookie)</h2>
          <p role="status" className="text-sm" data-testid="session-status">
            {sessionStatus}
          </p>
          {inspection ? (
            <LifetimeBars
              label="Session lifetimes"
              rows={sessionRows({ ...inspection.data.session, createdAt: inspection.data.record.createdAt })}
            />
          ) : null}
          <div className="flex flex-wrap gap-2">
            <button type="button" className={BUTTON} onClick={() => void sessionSignIn()}>
              Sign in
            </button>
            <button type="button" className={BUTTON} disabled={!sessionUser} onClick={() => void sessionCall()}>
              Call /api/me
            </button>
            <button type="button" className={BUTTON} disabled={!sessionUser} onClick={() => void sessionSignOut()}>
              Sign out
            </button>
            <label className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={keepBusy}
                disabled={!sessionUser}
                onChange={(e) => setKeepBusy(e.target.checked)}
                className="accent-accent-solid"
              />
              Keep busy (a call a second)
            </label>
          </div>
          <CostLine cost={sessionCost} />
          {inspection ? <SessionInspector bearer={null} data={inspection.data} fetchedAt={inspection.at} /> : null}
          <EventTimeline label="Session timeline" events={sessionEvents} />
        </section>
        <section aria-label="JWT pane" className="flex min-w-0 flex-col gap-3 rounded-xl border border-line bg-surface p-4">
          <h2 className="text-lg font-medium">JWT (bearer)</h2>
          <p role="status" className="text-sm" data-testid="jwt-status">
            {jwtStatus}
          </p>
          {jwt ? (
            <LifetimeBars
              label="Token lifetimes"
              rows={jwtRows(jwt, autoRefresh && jwt.renewalRefused === undefined ? refreshDueAt(jwt) : null)}
            />
          ) : null}
          <div className="flex flex-wrap gap-2">
            <button type="button" className={BUTTON} onClick={() => void jwtSignIn()}>
              Sign in
            </button>
            <button type="button" className={BUTTON} disabled={!jwt} onClick={() => void jwtCall()}>
              Call /api/me
            </button>
            <button type="button" className={BUTTON} disabled={!jwt} onClick={() => void jwtRefresh()}>
              Refresh now
            </button>
            <button type="button" className={BUTTON} disabled={!jwt} onClick={() => void jwtSignOut()}>
              Sign out
            </button>
            <label className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={autoRefresh}
                onChange={(e) => switchAutoRefresh(e.target.checked)}
                className="accent-accent-solid"
              />
              Auto-refresh
            </label>
          </div>
          {autoRefresh ? null : (
            <p className="text-xs text-muted" data-testid="auto-refresh-off">
              Auto-refresh is off: the access token and then the refresh cookie are left to run out. Call /api/me once the access token is
              refused (exp + the server&apos;s {CLOCK_TOLERANCE} s clock tolerance) to see the 401, and Refresh now after the refresh cookie
              ends to see the refusal.
            </p>
          )}
          <CostLine cost={jwtCost} />
          {jwt ? <JwtInspector state={jwt} /> : null}
          <EventTimeline label="JWT timeline" events={jwtEvents} />
        </section>
      </div>
    </div>
  );
}
