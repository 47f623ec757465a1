'use client';

import { useEffect, useState } from 'react';
import {
  ACCESS_COOKIE,
  ACCESS_SIGNATURE_COOKIE,
  REFRESH_BIND_OF,
  REFRESH_BOTH_COOKIE,
  REFRESH_COOKIE,
  REFRESH_COOKIE_COOKIE,
  cookieName,
} from '@/lib/http/cookie-names';
import { CLOCK_TOLERANCE, clockTime, jwtPhase } from '../_lib/credential-clock';
import { formatRemaining } from '../_lib/format-remaining';
import { api } from '../_lib/api-client';
import { carryOf, type HeldCookie } from '../_lib/cell-credentials';
import type { TokenState } from '../_lib/token-manager';
import { useNow } from '../_lib/use-now';
import { CarriedLists } from './carried-lists';
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

interface TokenInspection {
  cookies: HeldCookie[];
  access: { transport: string | null; active: boolean; error?: { code: string; message: string } };
}

/** The cookies of each JWT cell (its access cookie, if any, its own refresh cookie and that one's companion), in either spelling. */
const CELL_COOKIES: Record<TokenState['transport'], readonly string[]> = {
  header: [REFRESH_COOKIE, REFRESH_BIND_OF.header],
  cookie: [ACCESS_COOKIE, REFRESH_COOKIE_COOKIE, REFRESH_BIND_OF.cookie],
  both: [ACCESS_SIGNATURE_COOKIE, REFRESH_BOTH_COOKIE, REFRESH_BIND_OF.both],
};
const isCellCookie = (transport: TokenState['transport'], name: string) =>
  CELL_COOKIES[transport].some((own) => name === own || name === cookieName(own, true));

const WHERE: Record<TokenState['transport'], string> = {
  header: "the access token in this page's memory (not localStorage), sent as Authorization: Bearer",
  cookie: 'the access token in an HttpOnly cookie the browser attaches by itself; the page holds only the claims the server showed it',
  both: "header.payload in this page's memory (sent as Authorization: Bearer), the signature in an HttpOnly cookie: neither half works alone",
};

/**
 * The real token, split into its three parts as far as this page holds them, every claim explained,
 * whether it verifies, and the two lists: what the page's script can read, what only the browser holds.
 */
export function JwtInspector({ state, onCookies }: { state: TokenState; onCookies?: (cookies: HeldCookie[]) => void }) {
  const [held, setHeld] = useState<{ jti: string; result: TokenInspection } | null>(null);
  const whole = state.transport === 'header' ? state.bearer : null;
  const [h = '', p = '', s = ''] = (state.bearer ?? '').split('.');

  // One request per token, in every cell: the server verifies the token as the request carries it (as
  // introspection would, revocation included) and names the cookies it saw.
  useEffect(() => {
    let live = true;
    void api.tokenInspect(carryOf(state.transport, state.bearer, 'jwt')).then((a) => {
      if (live && a.status === 200) {
        const body = a.body as TokenInspection;
        // The inspect request carries every cookie to see the JWT's; the other cells' cookies beside them are not this token's.
        const result = { ...body, cookies: body.cookies.filter((c) => isCellCookie(state.transport, c.name)) };
        setHeld({ jti: state.jti, result });
        onCookies?.(result.cookies);
      }
    });
    return () => {
      live = false;
    };
  }, [state.jti, state.transport, state.bearer, onCookies]);

  const inspected = held?.jti === state.jti ? held.result : null;
  const verdict = inspected?.access ?? null;
  // The server's answer holds only until the token expires: from then on the verdict follows the clock.
  const phase = jwtPhase(state, 0);
  const now = useNow([state.expiresAt, phase.refusedFrom]);
  const access = jwtPhase(state, now).access;
  const authHeader = state.bearer ? `Authorization: Bearer ${state.bearer}`.length : 0;
  // What goes out with every call: the cell's `Path=/` cookies (in a header cell, only the refresh cookie's companion).
  const accessCookies = inspected?.cookies.filter((c) => c.path === '/') ?? [];
  return (
    <section aria-label="JWT inspector" className="flex flex-col gap-3">
      <p className="break-all rounded-md bg-sunken p-2 font-mono text-xs" data-testid="jwt-parts">
        {state.transport === 'cookie' ? (
          <span className="font-sans">
            The whole token rides in an HttpOnly cookie: this page can&apos;t read it, so it can&apos;t show it.
          </span>
        ) : (
          <>
            <span className="text-rose-700 dark:text-rose-300" title="header">
              {h}
            </span>
            .
            <span className="text-violet-700 dark:text-violet-300" title="payload">
              {p}
            </span>
            .
            {state.transport === 'both' ? (
              <span className="font-sans text-sky-700 dark:text-sky-300">
                [signature: in an HttpOnly cookie, out of this page&apos;s reach]
              </span>
            ) : (
              <span className="text-sky-700 dark:text-sky-300" title="signature">
                {s}
              </span>
            )}
          </>
        )}
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
            {/* A cookie JWT's header never reaches the page: then the server's word is all there is to show. */}
            {typeof state.claims.header.alg === 'string'
              ? `✓ verifies (${state.claims.header.alg}, key ${String(state.claims.header.kid)})`
              : '✓ verifies (checked by the server; the token and its header stay in the HttpOnly cookie)'}
          </strong>
        ) : (
          <strong>✗ does not verify: {verdict.error?.message}</strong>
        )}
      </p>
      <p className="text-sm">
        Access token <Countdown until={state.expiresAt} /> · refresh cookie <Countdown until={state.refreshExpiresAt} />
      </p>
      <p className="text-xs" data-testid="jwt-size">
        {whole ? `${whole.length} bytes of token; ` : ''}
        {authHeader} bytes of <code>Authorization</code> header
        {accessCookies.length > 0 ? ` and ${accessCookies.map((c) => `${c.bytes} bytes of ${c.name} cookie`).join(', ')}` : ''} on every
        request.
      </p>
      <div className="flex flex-col gap-1">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">Where the credential lives</h3>
        <CarriedLists
          bearer={state.bearer}
          claims={state.transport === 'header' ? undefined : state.claims.payload}
          cookies={inspected?.cookies ?? null}
        />
        <p className="text-xs text-muted">
          Where the state lives: {WHERE[state.transport]}; the refresh token in an HttpOnly cookie sent only to /api/token, its family
          record in the store. The edge verifies the signature alone.
        </p>
      </div>
      {Object.keys(state.claims.header).length > 0 ? <Claims title="Header" values={state.claims.header} /> : null}
      <Claims title="Payload (claims)" values={state.claims.payload} />
    </section>
  );
}
