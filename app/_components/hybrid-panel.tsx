'use client';

import { useState } from 'react';
import { api, type ApiAnswer } from '../_lib/api-client';
import { CLOCK_TOLERANCE, CLOCK_TOLERANCE_MS, clockTime } from '../_lib/credential-clock';
import { formatRemaining } from '../_lib/format-remaining';
import { useNow } from '../_lib/use-now';
import { BUTTON } from './button-class';

interface Internal {
  token: string;
  expiresAt: number;
}

function Hop({ from, to, carries }: { from: string; to: string; carries: string }) {
  return (
    <li className="flex flex-col gap-1 rounded-lg border border-line p-2 text-sm">
      <span>
        <strong>{from}</strong> → <strong>{to}</strong>
      </span>
      <span className="text-xs text-muted">{carries}</span>
    </li>
  );
}

/**
 * The hybrid pattern: the browser holds only the session cookie; the app trades it for a short
 * internal JWT that an internal service verifies on its own.
 */
export function HybridPanel({
  onAnswer,
  onSignedOut,
}: {
  onAnswer: (label: string, a: ApiAnswer) => void;
  onSignedOut: (a: ApiAnswer) => void;
}) {
  const [internal, setInternal] = useState<Internal | null>(null);
  // The internal token is a JWT: accepted until exp plus the clock tolerance, and the text follows that.
  const refusedFrom = internal ? internal.expiresAt + CLOCK_TOLERANCE_MS : null;
  const now = useNow([internal?.expiresAt, refusedFrom]);

  const exchange = async () => {
    const a = await api.exchange();
    onAnswer('POST /api/session/exchange', a);
    if (a.status === 200) {
      const body = a.body as { access_token: string; expires_in: number };
      setInternal({ token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 });
    } else if (a.status === 401) {
      onSignedOut(a);
    }
  };

  const report = async () => {
    onAnswer('GET /api/internal/report', await api.internalReport(internal?.token));
  };

  return (
    <section aria-labelledby="hybrid-title" className="flex flex-col gap-3 rounded-lg border border-line p-3">
      <h3 id="hybrid-title" className="font-medium">
        Hybrid: session outside, short JWT inside
      </h3>
      <ol aria-label="Which credential crosses which hop" className="grid gap-2 sm:grid-cols-2">
        <Hop from="Browser" to="App (edge)" carries="HttpOnly session cookie; revocable at once, one store lookup" />
        <Hop from="App" to="Internal service" carries="Internal JWT (its own audience, at most 60 s); verified by signature, no lookup" />
      </ol>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={BUTTON} onClick={() => void exchange()}>
          Exchange for an internal token
        </button>
        <button type="button" className={BUTTON} onClick={() => void report()}>
          Call /api/internal/report
        </button>
        <span data-testid="internal-token-state" className="text-sm tabular-nums text-muted">
          {internal === null || refusedFrom === null
            ? 'No internal token yet'
            : now < internal.expiresAt
              ? `Internal token expires in ${formatRemaining(internal.expiresAt - now)}`
              : now < refusedFrom
                ? `Internal token past exp: accepted ${formatRemaining(refusedFrom - now)} more (the server's ${CLOCK_TOLERANCE} s clock tolerance)`
                : `Internal token has expired: refused since ${clockTime(refusedFrom)} (exp + ${CLOCK_TOLERANCE} s clock tolerance)`}
        </span>
      </div>
    </section>
  );
}
