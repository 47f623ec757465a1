import { useState, type FormEvent } from 'react';
import { decodeJwt } from '../_lib/damage';
import { card, cardTitle, codeBlock, field, muted, smallButton } from './ui';

export interface HeldToken {
  token: string;
  /** Where it came from, e.g. "POST /api/token as alice". */
  source: string;
}

export function TokenPanel({
  held,
  account,
  onAccount,
  onGet,
  onForget,
  busy,
}: {
  held: HeldToken | null;
  account: { username: string; password: string };
  onAccount: (account: { username: string; password: string }) => void;
  onGet: () => void;
  onForget: () => void;
  busy: string | null;
}) {
  const [showClaims, setShowClaims] = useState(false);
  const decoded = held ? decodeJwt(held.token) : undefined;
  const payload = decoded?.payload ?? {};
  const exp = typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onGet();
  };
  return (
    <section aria-labelledby="token-title" className={card}>
      <h2 id="token-title" className={cardTitle}>
        Your bearer token
      </h2>
      <div role="status" aria-live="polite" className="mt-2 text-sm">
        {held ? (
          <p data-testid="held-token">
            <span aria-hidden="true">● </span>
            Holding a token for <strong>{String(payload.preferred_username ?? payload.sub ?? '?')}</strong>
            {payload.role ? ` (${String(payload.role)})` : ''}, aud <code className="font-mono text-xs">{String(payload.aud ?? '?')}</code>
            {exp ? `, expires ${exp.toLocaleTimeString()}` : ''}.
          </p>
        ) : (
          <p data-testid="held-token" className={muted}>
            <span aria-hidden="true">○ </span>No token yet. Bearer credentials get one for the account below when you send.
          </p>
        )}
      </div>
      <p className={`mt-1 text-xs ${muted}`}>Kept in this page&apos;s memory only: never in storage, gone on reload.</p>
      {held ? (
        <div className="mt-2 flex flex-wrap gap-2">
          <button type="button" className={smallButton} aria-expanded={showClaims} onClick={() => setShowClaims((v) => !v)}>
            {showClaims ? 'Hide claims' : 'Show claims'}
          </button>
          <button type="button" className={smallButton} onClick={onForget} disabled={busy !== null}>
            Forget token
          </button>
        </div>
      ) : null}
      {held && showClaims && decoded ? (
        <pre className={`${codeBlock} mt-2`} tabIndex={0} role="region" aria-label="Token claims">
          {JSON.stringify({ header: decoded.header, payload: decoded.payload }, null, 2)}
        </pre>
      ) : null}
      <form onSubmit={submit} aria-label="Get a token" className="mt-3 grid grid-cols-2 gap-2">
        <label className="flex min-w-0 flex-col text-xs font-medium">
          Username
          <input
            className={`${field} mt-1`}
            value={account.username}
            autoComplete="username"
            autoCapitalize="off"
            onChange={(e) => onAccount({ ...account, username: e.target.value })}
          />
        </label>
        <label className="flex min-w-0 flex-col text-xs font-medium">
          Password
          <input
            className={`${field} mt-1`}
            type="password"
            value={account.password}
            autoComplete="current-password"
            onChange={(e) => onAccount({ ...account, password: e.target.value })}
          />
        </label>
        <button type="submit" className={`${smallButton} col-span-2 justify-self-start px-3 py-1.5 text-sm`} disabled={busy !== null}>
          Get a token
        </button>
      </form>
    </section>
  );
}
