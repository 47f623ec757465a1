'use client';

import { useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { DEMO_ACCOUNTS } from '@/lib/auth/demo-accounts';
import { api, type ApiAnswer, type SignedInUser } from '../_lib/api-client';
import { carryOf, goneText, readHeldNote, sessionCell, writeHeldNote, type HeldNote } from '../_lib/cell-credentials';
import { carriedWords } from '../_lib/compare-cells';
import { SESSION_END_TEXT, clockTime, sessionPhase } from '../_lib/credential-clock';
import { sessionRows } from '../_lib/lifetime-rows';
import { useNow } from '../_lib/use-now';
import { BUTTON } from './button-class';
import { CostLine, type RequestCost } from './cost-line';
import { EventTimeline } from './event-timeline';
import { LifetimeBars } from './lifetime-bars';
import { MeCell, messageOf, noteKey, outcome, useTimeline, type MeAnswer, type PaneProps } from './pane-parts';
import { SessionInspector, type SessionInspection } from './session-inspector';

const SIGNED_IN_WITH = {
  cookie: 'new session id, cookie set',
  header: "new session id, its session token held in this page's memory",
  both: "new session id: the cookie set, its header half held in this page's memory",
} as const;

/**
 * A `/compare` pane for a session in any transport: sign in, call /api/me the way the cell carries it,
 * sign out, and the session as the server inspects it. A header credential lives in this pane's memory only.
 */
export function SessionCellPane({ side, cell, username, speed, restore, signInBlocked, blockedBy, onLive, handle }: PaneProps) {
  const { transport } = cell;
  const [user, setUser] = useState<SignedInUser | null>(null);
  // The header credential (`sess_…`, `pair_…`): memory only. The ref serves calls made before the next render.
  const bearer = useRef<string | null>(null);
  const [heldBearer, setHeldBearer] = useState<string | null>(null);
  const [inspection, setInspection] = useState<{ data: SessionInspection; at: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [gone, setGone] = useState<HeldNote | null>(null);
  const [busy, setBusy] = useState<'signing-in' | null>(null);
  const [cost, setCost] = useState<RequestCost | null>(null);
  const [me, setMe] = useState<MeAnswer | null>(null);
  const [events, addEvent] = useTimeline();
  const [keepBusy, setKeepBusy] = useState(false);
  // Decided once, as the pane mounts: a later change of the other pane must not look again.
  const [restoreAtMount] = useState(restore);
  const carry = useCallback(() => carryOf(transport, bearer.current, 'session'), [transport]);

  const hold = useCallback(
    (value: string | null, name?: string) => {
      bearer.current = value;
      setHeldBearer(value);
      const note = value !== null && name !== undefined ? { mode: 'session' as const, transport, username: name } : null;
      writeHeldNote(window.sessionStorage, note, noteKey(side));
    },
    [side, transport],
  );

  const sessionEnded = useCallback(
    (a: ApiAnswer) => {
      setUser(null);
      setInspection(null);
      setKeepBusy(false);
      hold(null);
      // A later call that finds no cookie (the first refusal cleared it) must not replace the reason the session ended.
      const text = `Signed out: ${messageOf(a)}`;
      setNotice((previous) => (a.errorCode === 'unauthenticated' && previous?.startsWith('Signed out') ? previous : text));
      addEvent(`Session over (${a.errorCode ?? a.status}): ${messageOf(a)}`, 'fail');
    },
    [addEvent, hold],
  );

  const inspect = useCallback(async () => {
    const a = await api.sessionInspect(carry());
    if (a.status === 200) {
      const data = a.body as SessionInspection;
      setInspection({ data, at: Date.now() });
      setUser((u) => u ?? { id: '', username: data.record.user.username, role: data.record.user.role as SignedInUser['role'] });
    } else if (a.status === 401) {
      sessionEnded(a);
    }
  }, [carry, sessionEnded]);

  // On the first load: a cookie session of this cell shows up at once; a header credential is gone with the last page, said so.
  useEffect(() => {
    if (!restoreAtMount) return;
    const look = async () => {
      const note = readHeldNote(window.sessionStorage, noteKey(side));
      writeHeldNote(window.sessionStorage, null, noteKey(side));
      if (note?.mode === 'session' && note.transport === transport && transport !== 'cookie') {
        setGone(note);
        return;
      }
      if (transport !== 'cookie') return;
      const a = await api.session(carryOf('cookie', null, 'session'));
      if (a.status === 200 && (a.body as { transport?: string }).transport === 'cookie') {
        addEvent("Found this browser's session cookie from before", 'info');
        await inspect();
      }
    };
    void look();
  }, [restoreAtMount, side, transport, inspect, addEvent]);

  const live = user !== null || busy !== null;
  useEffect(() => {
    onLive(live);
  }, [live, onLive]);
  useEffect(() => () => onLive(false), [onLive]);

  const signIn = useCallback(async () => {
    setBusy('signing-in');
    setNotice(null);
    setGone(null);
    try {
      const a = await api.sessionLogin(username, DEMO_ACCOUNTS[username].password, speed, transport);
      if (a.status !== 200) {
        setNotice(`Sign-in failed: ${messageOf(a)}`);
        addEvent(`Sign-in refused (${outcome(a)})`, 'fail');
        return;
      }
      const given = sessionCell(a.body);
      hold(given.bearer, username);
      setUser((a.body as { user: SignedInUser }).user);
      setMe(null);
      setCost(null);
      addEvent(`Signed in as ${username}: ${SIGNED_IN_WITH[given.transport]}`, 'ok');
      await inspect();
    } finally {
      setBusy(null);
    }
  }, [addEvent, hold, inspect, speed, transport, username]);

  const call = useCallback(async () => {
    const held = bearer.current;
    const a = await api.me('session', held ?? undefined, '/api/me', transport);
    addEvent(`GET /api/me with ${carriedWords(cell)} → ${outcome(a)}`, a.status === 200 ? 'ok' : 'fail');
    const header = held && transport !== 'cookie' ? `Authorization: Bearer ${held}`.length : 0;
    const cookie = transport !== 'header' ? 'Cookie: '.length + (inspection?.data.cookie.bytes ?? 0) : 0;
    setCost({
      serverTiming: a.serverTiming,
      bytesSent: header + cookie,
      what: { cookie: 'Cookie header', header: 'Authorization header', both: 'Cookie and Authorization headers' }[transport],
    });
    setMe(a.status === 200 ? ((a.body as { auth: MeAnswer }).auth ?? null) : null);
    if (a.status === 401) sessionEnded(a);
    else if (a.status === 200) await inspect();
  }, [addEvent, cell, inspect, inspection?.data.cookie.bytes, sessionEnded, transport]);

  const signOut = useCallback(async () => {
    if (!user) return;
    const a = await api.sessionLogout(carry());
    if (a.status === 200) {
      setUser(null);
      setInspection(null);
      setKeepBusy(false);
      setMe(null);
      hold(null);
      setNotice('Signed out.');
      addEvent(
        transport === 'cookie'
          ? 'Signed out: record ended in the store, cookie cleared'
          : 'Signed out: record ended in the store, credential dropped',
        'info',
      );
    } else {
      setNotice(`Sign-out failed: ${messageOf(a)}`);
    }
  }, [addEvent, carry, hold, transport, user]);

  useImperativeHandle(handle, () => ({ signIn, call, signOut }), [signIn, call, signOut]);

  // When a timeout passes, ask the server, so the pane says why the session ended.
  const endsAt = inspection
    ? Math.min(Date.parse(inspection.data.session.idleExpiresAt), Date.parse(inspection.data.session.absoluteExpiresAt))
    : null;
  useEffect(() => {
    if (endsAt === null) return;
    const id = window.setTimeout(
      () => {
        void api.session(carry()).then((a) => {
          if (a.status === 401) sessionEnded(a);
        });
      },
      Math.max(0, endsAt - Date.now()) + 300,
    );
    return () => window.clearTimeout(id);
  }, [endsAt, carry, sessionEnded]);

  useEffect(() => {
    if (!keepBusy) return;
    const id = window.setInterval(() => void call(), 1000);
    return () => window.clearInterval(id);
  }, [keepBusy, call]);

  const phaseNow = inspection ? sessionPhase(inspection.data.session, 0) : null;
  const now = useNow([phaseNow?.endsAt]);
  const status = (() => {
    if (busy === 'signing-in') return 'Signing in…';
    if (!user) return notice ?? (gone ? goneText(gone) : 'Not signed in');
    if (inspection && !sessionPhase(inspection.data.session, now).live) {
      const end = sessionPhase(inspection.data.session, now);
      return `Signed out at ${clockTime(end.endsAt)}: ${SESSION_END_TEXT[end.reason]}`;
    }
    return `Signed in as ${user.username}`;
  })();

  return (
    <>
      <p role="status" className="text-sm" data-testid="session-status">
        {status}
      </p>
      {inspection && user ? (
        <LifetimeBars
          label="Session lifetimes"
          rows={sessionRows({ ...inspection.data.session, createdAt: inspection.data.record.createdAt })}
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
        <button type="button" className={BUTTON} disabled={!user} onClick={() => void call()}>
          Call /api/me
        </button>
        <button type="button" className={BUTTON} disabled={!user} onClick={() => void signOut()}>
          Sign out
        </button>
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={keepBusy}
            disabled={!user}
            onChange={(e) => setKeepBusy(e.target.checked)}
            className="accent-accent-solid"
          />
          Keep busy (a call a second)
        </label>
      </div>
      <CostLine cost={cost} />
      <MeCell cell={cell} me={me} />
      {inspection && user ? <SessionInspector bearer={heldBearer} data={inspection.data} fetchedAt={inspection.at} /> : null}
      <EventTimeline label="Session timeline" events={events} />
    </>
  );
}
