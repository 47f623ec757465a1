// Sends the console's requests with fetch and measures them; talks to the lab routes for credentials.
// Runtime: browser. Cookies are HttpOnly: this module learns cookie NAMES from /api/lab/cookies, never values.
import type { CookieReport } from '@/lib/lab/cookie-report';

export interface Outgoing {
  method: string;
  url: string;
  headers: [string, string][];
  body: string | null;
  credentials: 'same-origin' | 'omit';
}

export interface Received {
  status: number;
  statusText: string;
  headers: [string, string][];
  bodyText: string;
  bodyBytes: number;
}

export interface Measured {
  received: Received | undefined;
  /** A network failure or a request the browser refused to build. */
  error: string | undefined;
  totalMs: number;
  /** Time to the first byte of the answer, from Resource Timing. */
  waitMs: number | undefined;
  /** Bytes of the answer on the wire, headers included, from Resource Timing (0 when the browser won't say). */
  transferBytes: number | undefined;
}

function resourceEntry(url: string): PerformanceResourceTiming | undefined {
  const entries = performance.getEntriesByName(url, 'resource') as PerformanceResourceTiming[];
  return entries[entries.length - 1];
}

export async function send(outgoing: Outgoing): Promise<Measured> {
  const start = performance.now();
  try {
    const response = await fetch(outgoing.url, {
      method: outgoing.method,
      headers: outgoing.headers,
      body: outgoing.body,
      credentials: outgoing.credentials,
      cache: 'no-store',
    });
    const buffer = await response.arrayBuffer();
    const totalMs = performance.now() - start;
    const entry = resourceEntry(outgoing.url);
    // Keep the buffer from filling up (250 entries by default) over a long session.
    performance.clearResourceTimings();
    return {
      received: {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers.entries()],
        bodyText: new TextDecoder().decode(buffer),
        bodyBytes: buffer.byteLength,
      },
      error: undefined,
      totalMs,
      waitMs: entry && entry.responseStart > 0 ? entry.responseStart - entry.requestStart : undefined,
      transferBytes: entry?.transferSize,
    };
  } catch (error) {
    return {
      received: undefined,
      error: error instanceof Error ? error.message : String(error),
      totalMs: performance.now() - start,
      waitMs: undefined,
      transferBytes: undefined,
    };
  }
}

/** Asks the server which cookies the browser attaches to `path`: names only. Undefined when it can't tell. */
export async function probeCookies(path: string): Promise<CookieReport | undefined> {
  try {
    const response = await fetch(`/api/lab/cookies?path=${encodeURIComponent(path)}`, { credentials: 'same-origin', cache: 'no-store' });
    return response.ok ? ((await response.json()) as CookieReport) : undefined;
  } catch {
    return undefined;
  }
}

export interface ApiError {
  status: number;
  code: string;
  message: string;
}

async function postJson(
  path: string,
  body: unknown,
  init: { token?: string; credentials: 'same-origin' | 'omit' },
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; error: ApiError }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
      body: JSON.stringify(body),
      credentials: init.credentials,
      cache: 'no-store',
    });
  } catch (error) {
    return { ok: false, error: { status: 0, code: 'network_error', message: error instanceof Error ? error.message : String(error) } };
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { ok: true, body: json };
  const err = (json.error ?? {}) as { code?: string; message?: string };
  return {
    ok: false,
    error: { status: response.status, code: err.code ?? 'error', message: err.message ?? `The server answered ${response.status}.` },
  };
}

export type Obtained = { ok: true; token: string; note: string } | { ok: false; error: ApiError };

/**
 * Signs in for JWT mode. With `keepRefreshCookie` the browser stores the refresh cookie, so the
 * collection's /api/token/refresh works; without it the answer's cookie is ignored.
 */
export async function obtainToken(username: string, password: string, keepRefreshCookie: boolean): Promise<Obtained> {
  const answer = await postJson('/api/token', { username, password }, { credentials: keepRefreshCookie ? 'same-origin' : 'omit' });
  if (!answer.ok) return answer;
  return { ok: true, token: String(answer.body.access_token), note: `Signed in as ${username} with POST /api/token.` };
}

/** An expired or wrong-audience copy of `token`, signed by the server (which needs `token` to be valid). */
export async function obtainDamagedToken(token: string, variant: 'expired' | 'wrong_audience'): Promise<Obtained> {
  const answer = await postJson('/api/lab/damaged-token', { variant }, { token, credentials: 'omit' });
  if (!answer.ok) return answer;
  const claims = (answer.body.claims ?? {}) as { aud?: string; exp?: number };
  const note =
    variant === 'expired'
      ? `POST /api/lab/damaged-token signed a copy for the same user that expired at ${new Date((claims.exp ?? 0) * 1000).toLocaleTimeString()}.`
      : `POST /api/lab/damaged-token signed a copy for the same user with aud "${claims.aud ?? '?'}".`;
  return { ok: true, token: String(answer.body.access_token), note };
}

/**
 * A fresh token, revoked at once. Both calls omit cookies: the browser's own refresh cookie (and
 * the family behind it) stays untouched; only this token's jti goes on the denylist.
 */
export async function obtainRevokedToken(username: string, password: string): Promise<Obtained> {
  const fresh = await obtainToken(username, password, false);
  if (!fresh.ok) return fresh;
  const revoked = await postJson('/api/token/revoke', { token: fresh.token }, { credentials: 'omit' });
  if (!revoked.ok) return revoked;
  const jti = typeof revoked.body.denylisted_jti === 'string' ? revoked.body.denylisted_jti : undefined;
  return {
    ok: true,
    token: fresh.token,
    note: `A fresh token for ${username} (POST /api/token), then POST /api/token/revoke${jti ? ` put its jti ${jti.slice(0, 8)}… on the denylist` : ''}.`,
  };
}
