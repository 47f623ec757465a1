'use client';

import { useCallback, useState, type RefObject } from 'react';
import type { DemoUsername } from '@/lib/auth/demo-accounts';
import type { ApiAnswer, Lifetimes } from '../_lib/api-client';
import { TRANSPORT_NAMES } from '../_lib/cell-credentials';
import type { Cell, Side } from '../_lib/compare-cells';
import type { TimelineEvent } from './event-timeline';

/** What the page-wide buttons ("Sign in both", …) ask of a pane. */
export interface PaneHandle {
  signIn: () => Promise<void>;
  call: () => Promise<void>;
  signOut: () => Promise<void>;
}

export interface PaneProps {
  side: Side;
  cell: Cell;
  username: DemoUsername;
  speed: Lifetimes;
  /** Look for a credential this browser already holds in this cell (the page's first load only). */
  restore: boolean;
  /** The other pane holds a credential this cell's sign-in would end (see `pairClash`). */
  signInBlocked: boolean;
  /** The id of the text that says why. */
  blockedBy: string;
  /** Whether the pane holds (or is getting) a credential: the page blocks a clashing sign-in in the other pane. */
  onLive: (live: boolean) => void;
  handle: RefObject<PaneHandle | null>;
}

/** `auth` of a 200 from /api/me: the mode and transport the server judged the request by. */
export interface MeAnswer {
  mode: string;
  transport?: string;
}

export const messageOf = (a: ApiAnswer) => (a.body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${a.status}`;
export const outcome = (a: ApiAnswer) => (a.status === 200 ? '200' : `${a.status} ${a.errorCode ?? ''}`.trim());

/** Each pane keeps its own note that it held a header credential, apart from `/`'s and the other pane's. */
export const noteKey = (side: Side) => `authlab:compare-held:${side}`;

export function useTimeline() {
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const add = useCallback((text: string, tone: TimelineEvent['tone']) => {
    setEvents((list) => [{ at: Date.now(), text, tone }, ...list].slice(0, 80));
  }, []);
  return [events, add] as const;
}

/** What the last /api/me said about how the request was judged, checked against the pane's own cell. */
export function MeCell({ cell, me }: { cell: Cell; me: MeAnswer | null }) {
  if (!me) return null;
  const matches = me.mode === cell.mode && me.transport === cell.transport;
  return (
    <p className="text-xs" data-testid="me-cell">
      /api/me judged the request as mode <strong>{me.mode}</strong>, carried in{' '}
      <strong>{me.transport ? (TRANSPORT_NAMES[me.transport as Cell['transport']] ?? me.transport) : 'unknown'}</strong>
      {matches
        ? ": this pane's cell ✓"
        : `: ✗ not this pane's cell (${cell.mode}, ${TRANSPORT_NAMES[cell.transport]}); another sign-in in this browser changed what it carries`}
    </p>
  );
}
