'use client';

import { useEffect, useState } from 'react';
import { CLOCK_TOLERANCE, clockTime, jwtPhase } from '../_lib/credential-clock';
import { formatRemaining } from '../_lib/format-remaining';
import type { TokenState } from '../_lib/token-manager';
import { useNow } from '../_lib/use-now';
import { Countdown } from './countdown';

const EXPLAIN: Record<string, string> = {
  iss: 'Issuer: who made and signed the token.',
  aud: 'Audience: which API may accept it; another audience must refuse it.',
  sub: 'Subject: the user this token speaks for.',
  iat: 'Issued at.',
  exp: `Expires: after this (plus the server's ${CLOCK_TOLERANCE} s clock tolerance) it is worthless. Nothing can end it sooner without a denylist.`,
  jti: 'Token id: what a denylist names to revoke this one token.',
  sid: 'Sign-in id: the refresh family this token came from. While the denylist check is on, ending that sign-in refuses the token at once.',
  role: "The user's role, copied in at sign-in: a change of role only shows in the next token.",
  preferred_username: 'The username, carried so the API needs no lookup.',
  alg: 'Signature algorithm; the verifier allows exactly this one for this key.',
  kid: 'Key id: which key signed it, looked up in the JWKS.',
  typ: 'Type: an access token (at+jwt), never a refresh or internal token.',
};

interface Introspection {
  active: boolean;
  error?: { code: string; message: string };
}

function Claims({ title, values }: { title: string; values: Record<string, unknown> }) {
  return (
    <div>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">{title}</h3>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        {Object.entries(values).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-mono font-medium">{k}</dt>
            <dd>
              <span className="font-mono break-all">
                {typeof v === 'number' && (k === 'iat' || k === 'exp')
                  ? `${v} = ${new Date(v * 1000).toLocaleString()}`
                  : JSON.stringify(v)}
              </span>
              {EXPLAIN[k] ? <span className="block text-muted">{EXPLAIN[k]}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The real token, split into its three parts, every claim explained, and whether it verifies. */
export function JwtInspector({ state }: { state: TokenState }) {
  const [check, setCheck] = useState<{ token: string; result: Introspection } | null>(null);
  const [h = '', p = '', s = ''] = state.token.split('.');

  useEffect(() => {
    let live = true;
    void fetch('/api/token/introspect', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: state.token }),
      credentials: 'omit',
    })
      .then((r) => r.json() as Promise<Introspection>)
      .then((result) => {
        if (live) setCheck({ token: state.token, result });
      });
    return () => {
      live = false;
    };
  }, [state.token]);

  const verdict = check?.token === state.token ? check.result : null;
  // The server's answer holds only until the token expires: from then on the verdict follows the clock.
  const phase = jwtPhase(state, 0);
  const now = useNow([state.expiresAt, phase.refusedFrom]);
  const access = jwtPhase(state, now).access;
  const authHeader = `Authorization: Bearer ${state.token}`.length;
  return (
    <section aria-label="JWT inspector" className="flex flex-col gap-3">
      <p className="break-all rounded-md bg-sunken p-2 font-mono text-xs" data-testid="jwt-parts">
        <span className="text-rose-700 dark:text-rose-300" title="header">
          {h}
        </span>
        .
        <span className="text-violet-700 dark:text-violet-300" title="payload">
          {p}
        </span>
        .
        <span className="text-sky-700 dark:text-sky-300" title="signature">
          {s}
        </span>
      </p>
      <p className="text-xs text-muted">
        <span className="text-rose-700 dark:text-rose-300">header</span> ·{' '}
        <span className="text-violet-700 dark:text-violet-300">payload</span> ·{' '}
        <span className="text-sky-700 dark:text-sky-300">signature</span>, in that order between the dots — base64url, readable by anyone
        who holds the token; only the signature protects it.
      </p>
      <p className="text-sm" data-testid="jwt-verdict">
        Signature:{' '}
        {access === 'expired' ? (
          <strong>
            ✗ no longer accepted: exp passed at {clockTime(state.expiresAt)}, refused since {clockTime(phase.refusedFrom)} (exp + the
            server&apos;s {CLOCK_TOLERANCE} s clock tolerance)
          </strong>
        ) : verdict === null ? (
          'checking…'
        ) : verdict.active && access === 'tolerated' ? (
          <strong>
            ✓ verifies, past exp: accepted {formatRemaining(phase.refusedFrom - now)} more (the server&apos;s {CLOCK_TOLERANCE} s clock
            tolerance)
          </strong>
        ) : verdict.active ? (
          <strong>
            ✓ verifies ({String(state.claims.header.alg)}, key {String(state.claims.header.kid)})
          </strong>
        ) : (
          <strong>✗ does not verify: {verdict.error?.message}</strong>
        )}
      </p>
      <p className="text-sm">
        Access token <Countdown until={state.expiresAt} /> · refresh cookie <Countdown until={state.refreshExpiresAt} />
      </p>
      <p className="text-xs" data-testid="jwt-size">
        {state.token.length} bytes of token; {authHeader} bytes of <code>Authorization</code> header on every request.
      </p>
      <Claims title="Header" values={state.claims.header} />
      <Claims title="Payload (claims)" values={state.claims.payload} />
      <p className="text-xs text-muted">
        Where the state lives: the access token in this page&apos;s memory (not localStorage), the refresh token in an HttpOnly cookie sent
        only to /api/token, its family record in the store. The edge verifies the signature alone.
      </p>
    </section>
  );
}
