'use client';

import { useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { DEMO_ACCOUNTS } from '@/lib/auth/demo-accounts';
import type { ApiAnswer } from '../_lib/api-client';
import { TRANSPORT_NAMES, restoredText, type HeldCookie } from '../_lib/cell-credentials';
import { carriedWords } from '../_lib/compare-cells';
import { CLOCK_TOLERANCE, clockTime, jwtPhase } from '../_lib/credential-clock';
import { formatRemaining } from '../_lib/format-remaining';
import { jwtRows } from '../_lib/lifetime-rows';
import { TokenManager, refreshDueAt, type TokenState } from '../_lib/token-manager';
import { useNow } from '../_lib/use-now';
import { BUTTON } from './button-class';
import { CostLine, type RequestCost } from './cost-line';
import { EventTimeline } from './event-timeline';
import { JwtInspector } from './jwt-inspector';
import { LifetimeBars } from './lifetime-bars';
import { MeCell, messageOf, outcome, useTimeline, type MeAnswer, type PaneProps } from './pane-parts';

const WHAT: Record<TokenState['transport'], string> = {
  header: 'Authorization header',
  cookie: 'access-token cookie',
  both: 'Authorization header and signature cookie',
};

/**
 * A `/compare` pane for a JWT in any transport. The token manager owns what the page holds of the
 * access token (memory only) and its refreshes; the refresh token is this cell's own HttpOnly refresh cookie
 * (each JWT cell has its own), and every call names the cell (`Authlab-Cell`), so other panes' cookies don't interfere.
 */
export function JwtCellPane({ cell, username, speed, restore, signInBlocked, blockedBy, onLive, handle }: PaneProps) {
  const { transport } = cell;
  const [jwt, setJwt] = useState<TokenState | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'signing-in' | null>(null);
  const [cost, setCost] = useState<RequestCost | null>(null);
  const [me, setMe] = useState<MeAnswer | null>(null);
  const [events, addEvent] = useTimeline();
  const [autoRefresh, setAutoRefresh] = useState(true);
  // The access cookies' sizes as the server saw them (the page can't read them): for the cost line.
  const [cookies, setCookies] = useState<HeldCookie[]>([]);
  const manager = useRef<TokenManager | null>(null);
  // Decided once, as the pane mounts: a later change of the other pane must not restart this one's manager.
  const [restoreAtMount] = useState(restore);

  /**
   * Whether the server judged the pane's call as another cell (a cookie JWT sends no bearer, and a session
   * cookie in the jar is read first): then this browser can't use the pane's token, and the pane lets go of it.
   */
  const shadowed = useCallback(
    (m: TokenManager, a: ApiAnswer): boolean => {
      const auth = a.status === 200 ? (a.body as { auth?: MeAnswer }).auth : undefined;
      if (!auth || (auth.mode === 'jwt' && auth.transport === transport)) return false;
      const as = `${auth.mode}, carried in ${TRANSPORT_NAMES[auth.transport as TokenState['transport']] ?? auth.transport}`;
      m.forget(`/api/me judged this browser's request as ${as}: a cookie of another sign-in is read before this token`);
      setNotice(`Not signed in in this cell: the server judged this pane's request as ${as}, not as this pane's cell. Sign in here again.`);
      return true;
    },
    [transport],
  );

  useEffect(() => {
    const m = new TokenManager(
      (state, event) => {
        setJwt(state);
        if (event)
          addEvent(
            event.text,
            event.kind === 'refresh-failed' || event.kind === 'expired' ? 'fail' : event.kind === 'signed-out' ? 'info' : 'ok',
          );
        if (event?.kind === 'refresh-failed' && !state) setNotice(`Signed out: ${event.text}`);
      },
      { adoptWhenSignedOut: false, transport },
    );
    manager.current = m;
    if (restoreAtMount) {
      void m.restore().then((restored) => {
        const state = m.current;
        if (!restored || !state) return;
        // The restore names this pane's cell, so the refresh cookie is this cell's own; a family of another transport is left alone.
        if (state.transport !== transport) {
          m.forget(
            `This browser's refresh cookie belongs to a JWT carried in ${TRANSPORT_NAMES[state.transport]}, not this pane's cell: left alone`,
          );
          setNotice(
            `Not signed in: this browser's refresh cookie belongs to a JWT carried in ${TRANSPORT_NAMES[state.transport]} (signed in elsewhere), not in ${TRANSPORT_NAMES[transport]}.`,
          );
        } else if (state.transport !== 'cookie') addEvent(restoredText(state.transport), 'info');
        // A cookie JWT sends no bearer: ask the server how it judges this pane's call (it names the cell).
        else
          void m.call('/api/me').then((a) => {
            addEvent(`GET /api/me with the access-token cookie → ${outcome(a)}`, a.status === 200 ? 'ok' : 'fail');
            setMe(a.status === 200 ? ((a.body as { auth: MeAnswer }).auth ?? null) : null);
            shadowed(m, a);
          });
      });
    }
    return () => m.dispose();
  }, [addEvent, restoreAtMount, shadowed, transport]);

  const live = jwt !== null || busy !== null;
  useEffect(() => {
    onLive(live);
  }, [live, onLive]);
  useEffect(() => () => onLive(false), [onLive]);

  const signIn = useCallback(async () => {
    setBusy('signing-in');
    setNotice(null);
    try {
      const a = await manager.current?.signIn(username, DEMO_ACCOUNTS[username].password, speed, transport);
      if (a && a.status !== 200) {
        setNotice(`Sign-in failed: ${messageOf(a)}`);
        addEvent(`Sign-in refused (${outcome(a)})`, 'fail');
      } else {
        setMe(null);
        setCost(null);
      }
    } finally {
      setBusy(null);
    }
  }, [addEvent, speed, transport, username]);

  const call = useCallback(async () => {
    const m = manager.current;
    if (!m?.current) return;
    const a = await m.call('/api/me');
    addEvent(`GET /api/me with ${carriedWords(cell)} → ${outcome(a)}`, a.status === 200 ? 'ok' : 'fail');
    const held = m.current?.bearer;
    const header = held ? `Authorization: Bearer ${held}`.length : 0;
    const carried = transport === 'header' ? [] : cookies.filter((c) => c.path === '/');
    const cookie = carried.length > 0 ? 'Cookie: '.length + carried.reduce((sum, c) => sum + c.bytes, 0) + (carried.length - 1) * 2 : 0;
    setCost({ serverTiming: a.serverTiming, bytesSent: header + cookie, what: WHAT[transport] });
    setMe(a.status === 200 ? ((a.body as { auth: MeAnswer }).auth ?? null) : null);
    if (shadowed(m, a)) return;
    // Refused for any reason but expiry (which a refresh may cure): the credential no longer works, so the pane lets go of it.
    if (a.status === 401 && a.errorCode !== 'token_expired') {
      m.forget(`Refused (${a.errorCode ?? a.status}): ${messageOf(a)}`);
      setNotice(`Signed out: the server refused this pane's token (${a.errorCode ?? a.status}): ${messageOf(a)}`);
    }
  }, [addEvent, cell, cookies, shadowed, transport]);

  const signOut = useCallback(async () => {
    const m = manager.current;
    if (!m?.current) return;
    const a = await m.signOut();
    if (a.status === 200) {
      setNotice('Signed out.');
      setMe(null);
    } else setNotice(`Sign-out failed: ${messageOf(a)}`);
  }, []);

  useImperativeHandle(handle, () => ({ signIn, call, signOut }), [signIn, call, signOut]);

  const switchAutoRefresh = (on: boolean) => {
    setAutoRefresh(on);
    manager.current?.setAutoRefresh(on);
    addEvent(on ? 'Auto-refresh on: refresh before expiry and retry once on 401' : 'Auto-refresh off: tokens are left to expire', 'info');
  };

  const phaseNow = jwt ? jwtPhase(jwt, 0) : null;
  const now = useNow([jwt?.expiresAt, phaseNow?.refusedFrom, jwt?.refreshExpiresAt]);
  const status = (() => {
    if (busy === 'signing-in') return 'Signing in…';
    if (!jwt) return notice ?? 'Not signed in';
    const phase = jwtPhase(jwt, now);
    if (phase.access === 'valid') return `Signed in as ${jwt.user.username}`;
    if (phase.access === 'tolerated')
      return `Signed in as ${jwt.user.username} · access token past exp, accepted ${formatRemaining(phase.refusedFrom - now)} more (the server's ${CLOCK_TOLERANCE} s clock tolerance)`;
    if (phase.refresh === 'valid')
      return `Access token expired (refused since ${clockTime(phase.refusedFrom)}): calls get 401 until a refresh; the refresh cookie works until ${clockTime(jwt.refreshExpiresAt)}`;
    return `Signed out: the access token (refused since ${clockTime(phase.refusedFrom)}) and the refresh cookie (ended ${clockTime(jwt.refreshExpiresAt)}) have both expired`;
  })();

  return (
    <>
      <p role="status" className="text-sm" data-testid="jwt-status">
        {status}
      </p>
      {jwt ? (
        <LifetimeBars
          label="Token lifetimes"
          rows={jwtRows(jwt, autoRefresh && jwt.renewalRefused === undefined ? refreshDueAt(jwt) : null)}
        />
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={BUTTON}
          disabled={busy !== null || signInBlocked}
          aria-describedby={signInBlocked ? blockedBy : undefined}
          onClick={() => void signIn()}
        >
          Sign in
        </button>
        <button type="button" className={BUTTON} disabled={!jwt} onClick={() => void call()}>
          Call /api/me
        </button>
        <button type="button" className={BUTTON} disabled={!jwt} onClick={() => void manager.current?.refresh('manual')}>
          Refresh now
        </button>
        <button type="button" className={BUTTON} disabled={!jwt} onClick={() => void signOut()}>
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
      <CostLine cost={cost} />
      <MeCell cell={cell} me={me} />
      {jwt ? <JwtInspector state={jwt} onCookies={setCookies} /> : null}
      <EventTimeline label="JWT timeline" events={events} />
    </>
  );
}
