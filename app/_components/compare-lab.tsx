'use client';

import { useCallback, useRef, useState } from 'react';
import type { DemoUsername } from '@/lib/auth/demo-accounts';
import type { Lifetimes } from '../_lib/api-client';
import { TRANSPORT_NAMES } from '../_lib/cell-credentials';
import { cellSlug, cellTitle, cellsQuery, pairClash, type Cell, type Side } from '../_lib/compare-cells';
import { BUTTON } from './button-class';
import { CellChoice } from './cell-choice';
import { JwtCellPane } from './jwt-cell-pane';
import type { PaneHandle } from './pane-parts';
import { SessionCellPane } from './session-cell-pane';

const SIDES: readonly Side[] = ['a', 'b'];
const CLASH_ID = 'pair-clash';

/**
 * Two panes, each in a cell of its own choosing (what the credential is × where it travels), signed in
 * as the same user. The pair lives in the URL. Every cell has cookies of its own and each pane names its
 * cell on every call (`Authlab-Cell`), so any two different cells are live together; the same cookie cell
 * twice is explained, and the second sign-in that would end the first is blocked.
 */
export function CompareLab({ initialCells }: { initialCells: Record<Side, Cell> }) {
  const [username, setUsername] = useState<DemoUsername>('alice');
  const [speed, setSpeed] = useState<Lifetimes>('demo');
  const [cells, setCells] = useState(initialCells);
  const [live, setLive] = useState<Record<Side, boolean>>({ a: false, b: false });
  const handles = { a: useRef<PaneHandle | null>(null), b: useRef<PaneHandle | null>(null) };
  // Only the page's first panes look for what this browser already holds; a pane switched to another cell starts signed out.
  const [fresh, setFresh] = useState<Record<Side, boolean>>({ a: true, b: true });
  const clash = pairClash(cells.a, cells.b);

  const onLive = {
    a: useCallback((on: boolean) => setLive((l) => (l.a === on ? l : { ...l, a: on })), []),
    b: useCallback((on: boolean) => setLive((l) => (l.b === on ? l : { ...l, b: on })), []),
  };

  const choose = (side: Side, cell: Cell) => {
    const next = { ...cells, [side]: cell };
    setFresh((f) => ({ ...f, [side]: false }));
    setCells(next);
    // The pair is in the address, so a reload or a copied link shows the same two cells.
    window.history.replaceState(null, '', `${window.location.pathname}${cellsQuery(next)}`);
  };

  const both = (act: keyof PaneHandle) => void Promise.all(SIDES.map((s) => handles[s].current?.[act]()));

  return (
    <div className="flex flex-col gap-5">
      <section aria-label="Both panes" className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4">
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex min-w-0 max-w-full flex-col text-sm font-medium">
            User
            <select
              value={username}
              onChange={(e) => setUsername(e.target.value as DemoUsername)}
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
          <button
            type="button"
            className={BUTTON}
            disabled={clash !== null}
            aria-describedby={clash ? CLASH_ID : undefined}
            onClick={() => both('signIn')}
          >
            Sign in both
          </button>
          <button type="button" className={BUTTON} onClick={() => both('call')}>
            Call /api/me in both
          </button>
          <button type="button" className={BUTTON} onClick={() => both('signOut')}>
            Sign out both
          </button>
        </div>
        <div aria-live="polite">
          {clash ? (
            <p id={CLASH_ID} data-testid="pair-clash" className="rounded-md border border-warn p-2 text-sm">
              <strong>⚠ The same cell twice can&apos;t be signed in twice in one browser.</strong> {clash.text} Each pane can still sign in
              on its own: while one holds a credential, the other&apos;s Sign in is off. Any two different cells (and the session token in a
              header twice) are live side by side.
            </p>
          ) : null}
        </div>
      </section>
      <div className="grid gap-5 lg:grid-cols-2">
        {SIDES.map((side) => {
          const cell = cells[side];
          const other: Side = side === 'a' ? 'b' : 'a';
          const paneProps = {
            side,
            cell,
            username,
            speed,
            // In a clashing pair only the left pane looks: the right one would find the same browser credential.
            restore: fresh[side] && (clash === null || side === 'a'),
            signInBlocked: clash !== null && live[other],
            blockedBy: CLASH_ID,
            onLive: onLive[side],
            handle: handles[side],
          };
          return (
            <section
              key={side}
              aria-label={`${cell.mode === 'session' ? 'Session' : 'JWT'} pane ${side.toUpperCase()}, carried in ${TRANSPORT_NAMES[cell.transport]}`}
              data-testid={`pane-${side}`}
              className="flex min-w-0 flex-col gap-3 rounded-xl border border-line bg-surface p-4"
            >
              <h2 className="text-lg font-medium">
                <span className="text-muted">{side.toUpperCase()} · </span>
                {cellTitle(cell)}
              </h2>
              <CellChoice side={side} cell={cell} locked={live[side]} onChange={(next) => choose(side, next)} />
              {cell.mode === 'session' ? (
                <SessionCellPane key={cellSlug(cell)} {...paneProps} />
              ) : (
                <JwtCellPane key={cellSlug(cell)} {...paneProps} />
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
