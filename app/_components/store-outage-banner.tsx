'use client';

import { useEffect, useState } from 'react';
import { STORE_DOWN, backoffMs, reportStoreUp, type StoreDownDetail } from '../_lib/store-status';
import { useNow } from '../_lib/use-now';
import { formatRemaining } from '../_lib/format-remaining';

interface Down {
  retryAfter: number | undefined;
  attempt: number;
  nextCheckAt: number;
}

/**
 * On every page: once any call meets 503 `store_unavailable`, say it is an outage (not a sign-out),
 * and check readiness again by itself with backoff (Retry-After first), until the store is back.
 */
export function StoreOutageBanner() {
  const [down, setDown] = useState<Down | null>(null);
  const [back, setBack] = useState(false);
  const now = useNow(down ? [down.nextCheckAt] : []);

  useEffect(() => {
    const onDown = (event: Event) => {
      const { retryAfter } = (event as CustomEvent<StoreDownDetail>).detail;
      setBack(false);
      setDown((d) => d ?? { retryAfter, attempt: 0, nextCheckAt: Date.now() + backoffMs(0, retryAfter) });
    };
    window.addEventListener(STORE_DOWN, onDown);
    return () => window.removeEventListener(STORE_DOWN, onDown);
  }, []);

  useEffect(() => {
    if (!down) return;
    const id = window.setTimeout(
      () => {
        void fetch('/api/ready', { credentials: 'omit', cache: 'no-store' })
          .then((r) => r.status === 200)
          .catch(() => false)
          .then((up) => {
            if (up) {
              setDown(null);
              setBack(true);
              reportStoreUp();
            } else {
              const attempt = down.attempt + 1;
              setDown({ ...down, attempt, nextCheckAt: Date.now() + backoffMs(attempt, down.retryAfter) });
            }
          });
      },
      Math.max(0, down.nextCheckAt - Date.now()),
    );
    return () => window.clearTimeout(id);
  }, [down]);

  return (
    <div aria-live="polite" className="mx-auto max-w-5xl px-4 sm:px-6">
      {down ? (
        <p className="mt-3 rounded-lg border border-warn bg-warn-soft p-3 text-sm text-warn-on-soft" data-testid="store-outage">
          <strong>⚠ The session store can&apos;t be reached right now</strong> (503 store_unavailable
          {down.retryAfter !== undefined ? `, Retry-After ${down.retryAfter} s` : ''}). This is an outage, not a sign-out: your cookie is
          kept, and answers that need the store wait until it is back. Checking again{' '}
          {down.nextCheckAt > now ? `in ${formatRemaining(down.nextCheckAt - now)}` : 'now…'}
          {down.attempt > 0 ? ` (check ${down.attempt + 1}, waiting longer each time)` : ''}.
        </p>
      ) : back ? (
        <p className="mt-3 rounded-lg border border-ok bg-ok-soft p-3 text-sm text-ok-on-soft" data-testid="store-back">
          ✓ The store is back; this page checked your sign-in again.
        </p>
      ) : null}
    </div>
  );
}
