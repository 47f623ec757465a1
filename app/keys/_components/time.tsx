'use client';

import { useSyncExternalStore } from 'react';
import { formatRemaining } from '../../_lib/format-remaining';

/** "2026-01-01 21:50:12 UTC": the same text on the server and in every browser, so hydration never differs. */
export function UtcTime({ iso }: { iso: string }) {
  return <time dateTime={iso}>{`${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`}</time>;
}

// One shared one-second tick for every countdown on the page.
let now = 0;
const listeners = new Set<() => void>();
let timer: number | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = window.setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

/** "in 4:59", ticking; nothing on the server, whose clock would not match the browser's at hydration. */
export function TimeLeft({ until, doneLabel }: { until: string; doneLabel: string }) {
  const current = useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
  if (current === null || current === 0) return null;
  const left = Date.parse(until) - current;
  return <span className="font-mono tabular-nums">{left > 0 ? `in ${formatRemaining(left)}` : doneLabel}</span>;
}
