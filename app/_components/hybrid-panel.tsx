'use client';

import { useState } from 'react';
import { api, type ApiAnswer } from '../_lib/api-client';
import { Countdown } from './countdown';
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
        <span data-testid="internal-token-state" className="text-sm text-muted">
          {internal ? (
            <>
              Internal token <Countdown until={internal.expiresAt} expiredLabel="has expired" />
            </>
          ) : (
            'No internal token yet'
          )}
        </span>
      </div>
    </section>
  );
}
