// The browser's calls to the authlab API, for both modes. Runtime: browser.
// JWT mode keeps the access token in memory only (never localStorage); the refresh token is an HttpOnly cookie.
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

/** A call that the session cookie authenticates (it may slide the idle timeout). */
async function sessionCall(path: string, init: RequestInit = {}): Promise<ApiAnswer> {
  const answer = await call(path, { ...init, credentials: 'same-origin' });
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
  sessionLogin: (username: string, password: string, lifetimes: Lifetimes = 'default') =>
    postJson('/api/session/login', { username, password, lifetimes }),
  session: () => call('/api/session', { credentials: 'same-origin' }),
  /** The cookie session taken apart for the inspector (the seal's content masked). */
  sessionInspect: () => call('/api/session/inspect', { credentials: 'same-origin' }),
  sessionLogout: () => postJson('/api/session/logout'),
  tokenLogin: (username: string, password: string, lifetimes: Lifetimes = 'default') =>
    postJson('/api/token', { username, password, lifetimes }),
  tokenRefresh: () => postJson('/api/token/refresh'),
  tokenRevoke: (token: string | undefined, everywhere = false) =>
    postJson('/api/token/revoke', { ...(token ? { token } : {}), ...(everywhere ? { everywhere } : {}) }),
  sessions: (cursor?: string) => sessionCall(cursor ? `/api/sessions?cursor=${encodeURIComponent(cursor)}` : '/api/sessions'),
  revokeSession: (id: string) => sessionCall(`/api/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  revokeAllSessions: () => call('/api/sessions', { method: 'DELETE', credentials: 'same-origin' }),
  exchange: () => sessionCall('/api/session/exchange', { method: 'POST', headers: { 'Content-Type': 'application/json' } }),
  settings: () => call('/api/settings', { credentials: 'omit' }),
  /** With a bearer token in JWT mode, else the session cookie. */
  setDenylist: (enabled: boolean, token?: string) =>
    token
      ? call('/api/settings', {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ jwtDenylist: enabled }),
          credentials: 'omit',
        })
      : sessionCall('/api/settings', {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ jwtDenylist: enabled }),
        }),
  /** Calls a protected route with exactly one credential: the cookie, or the bearer token alone. */
  me: (mode: Mode, token?: string, path = '/api/me') => (mode === 'jwt' ? bearer(path, token) : sessionCall(path)),
  internalReport: (token?: string) => bearer('/api/internal/report', token),
};
