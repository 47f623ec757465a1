// The browser's calls to the authlab API, for both modes. Runtime: browser.
// JWT mode keeps the access token in memory only (never localStorage); the refresh token is an HttpOnly cookie.
// A header-carried session credential (`sess_…`, `pair_…`) lives in memory too, passed in as a `Carry`.
import {
  CELL_HEADER,
  COOKIE_CARRY,
  DEFAULT_TRANSPORT,
  carryInit,
  carryOf,
  type CallInit,
  type Carry,
  type Transport,
} from './cell-credentials';
import { reportStoreDown } from './store-status';

export type Mode = 'session' | 'jwt' | 'hybrid';

export interface ApiAnswer {
  status: number;
  body: unknown;
  serverTiming: string | null;
  errorCode: string | undefined;
  /** Seconds from a `Retry-After` header (a 503 store outage, a 429). */
  retryAfter?: number;
}

/** `session` in the answers of `/api/session` and `/api/session/login`. */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

export interface SignedInUser {
  id: string;
  username: string;
  role: 'admin' | 'member';
}

async function call(path: string, init: RequestInit = {}): Promise<ApiAnswer> {
  const response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  let body: unknown = null;
  const text = await response.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  const errorCode = body && typeof body === 'object' && 'error' in body ? (body as { error: { code?: string } }).error?.code : undefined;
  const retry = Number(response.headers.get('retry-after') ?? Number.NaN);
  const answer: ApiAnswer = { status: response.status, body, serverTiming: response.headers.get('server-timing'), errorCode };
  if (Number.isFinite(retry)) answer.retryAfter = retry;
  // Every page shows an outage as an outage (never as a sign-out), whichever call ran into it.
  if (errorCode === 'store_unavailable') reportStoreDown(answer.retryAfter);
  return answer;
}

/**
 * Fired after a call that authenticated with the session cookie and succeeded: the server may have
 * moved the session's idle timeout (it writes `lastSeenAt` along), so a pane that shows the session's
 * end reads its times again. `/api/session` and `/api/session/inspect` are those reads, so they don't fire it.
 */
export const SESSION_USED = 'authlab:session-used';

/** A call that the session authenticates (it may slide the idle timeout): the cookie, the bearer, or both. */
async function sessionCall(path: string, init: CallInit = {}, carry: Carry = COOKIE_CARRY): Promise<ApiAnswer> {
  const answer = await call(path, carryInit(carry, init));
  if (answer.status >= 200 && answer.status < 300 && typeof window !== 'undefined') window.dispatchEvent(new Event(SESSION_USED));
  return answer;
}

const postJson = (path: string, payload?: unknown, headers: Record<string, string> = {}) =>
  call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    credentials: 'same-origin',
  });
const bearer = (path: string, token?: string) =>
  call(path, { credentials: 'omit', headers: token ? { Authorization: `Bearer ${token}` } : {} });

export type Lifetimes = 'default' | 'demo' | 'fast';

export const api = {
  sessionLogin: (username: string, password: string, lifetimes: Lifetimes = 'default', transport?: Transport) =>
    postJson('/api/session/login', { username, password, lifetimes, ...(transport ? { transport } : {}) }),
  session: (carry: Carry = COOKIE_CARRY) => call('/api/session', carryInit(carry)),
  /** The session taken apart for the inspector (the seal's content masked, cookies by name and size). */
  sessionInspect: (carry: Carry = COOKIE_CARRY) => call('/api/session/inspect', carryInit(carry)),
  sessionLogout: (carry: Carry = COOKIE_CARRY) =>
    call('/api/session/logout', carryInit(carry, { method: 'POST', headers: { 'Content-Type': 'application/json' } })),
  tokenLogin: (username: string, password: string, lifetimes: Lifetimes = 'default', transport?: Transport) =>
    postJson('/api/token', { username, password, lifetimes, ...(transport ? { transport } : {}) }),
  /** JWT mode's cookies by name and size, and whether the carried access token verifies (any cell). */
  tokenInspect: (carry: Carry) => call('/api/token/inspect', carryInit({ ...carry, cookies: true })),
  /** With `transport`, the refresh cookie of that JWT cell (each has its own); without, the server takes the latest sign-in's. */
  tokenRefresh: (transport?: Transport) =>
    postJson('/api/token/refresh', undefined, transport ? { [CELL_HEADER]: `jwt-${transport}` } : {}),
  /**
   * Ends the refresh family and denylists the access token: the whole token in the body when the page
   * holds it, else the one the request carries (the cookie, or the split JWT's header half with its cookie).
   */
  tokenRevoke: (token: string | undefined, everywhere = false, bearerHalf?: string, transport?: Transport) =>
    postJson(
      '/api/token/revoke',
      { ...(token ? { token } : {}), ...(everywhere ? { everywhere } : {}) },
      {
        ...(bearerHalf ? { Authorization: `Bearer ${bearerHalf}` } : {}),
        ...(transport ? { [CELL_HEADER]: `jwt-${transport}` } : {}),
      },
    ),
  sessions: (cursor?: string, carry?: Carry) =>
    sessionCall(cursor ? `/api/sessions?cursor=${encodeURIComponent(cursor)}` : '/api/sessions', {}, carry),
  revokeSession: (id: string, carry?: Carry) => sessionCall(`/api/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }, carry),
  revokeAllSessions: (carry: Carry = COOKIE_CARRY) => call('/api/sessions', carryInit(carry, { method: 'DELETE' })),
  /** Hybrid trades the session cookie (named, so an access-token cookie held beside it is never taken for it). */
  exchange: () =>
    sessionCall(
      '/api/session/exchange',
      { method: 'POST', headers: { 'Content-Type': 'application/json' } },
      carryOf('cookie', null, 'session'),
    ),
  settings: () => call('/api/settings', { credentials: 'omit' }),
  /** With a bearer token alone, with the JWT cell's carry (cookie, or both halves), else the session cookie. */
  setDenylist: (enabled: boolean, token?: string, carry?: Carry) => {
    const init = { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jwtDenylist: enabled }) };
    if (carry) return call('/api/settings', carryInit(carry, init));
    return token ? call('/api/settings', carryInit({ bearer: token, cookies: false }, init)) : sessionCall('/api/settings', init);
  },
  /**
   * Calls a protected route the way the cell carries its credential. Without a transport: exactly one
   * credential, the cookie (session, hybrid) or the bearer token alone (jwt).
   */
  me: (mode: Mode, token?: string, path = '/api/me', transport?: Transport) => {
    if (mode === 'jwt') return transport ? call(path, carryInit(carryOf(transport, token, 'jwt'))) : bearer(path, token);
    // Hybrid's outside credential is the session cookie: it names that cell too.
    return sessionCall(path, {}, carryOf(transport ?? DEFAULT_TRANSPORT.session, token, 'session'));
  },
  /** /api/me with this browser's cookies alone, naming no cell: the server takes the latest cookie sign-in's credential. */
  meByCookie: () => sessionCall('/api/me', {}, COOKIE_CARRY),
  internalReport: (token?: string) => bearer('/api/internal/report', token),
};
