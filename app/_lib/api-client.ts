// The browser's calls to the authlab API, for both modes. Runtime: browser.
// JWT mode keeps the access token in memory only (never localStorage); the refresh token is an HttpOnly cookie.

export type Mode = 'session' | 'jwt';

export interface ApiAnswer {
  status: number;
  body: unknown;
  serverTiming: string | null;
  errorCode: string | undefined;
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
  const errorCode =
    body && typeof body === 'object' && 'error' in body ? (body as { error: { code?: string } }).error?.code : undefined;
  return { status: response.status, body, serverTiming: response.headers.get('server-timing'), errorCode };
}

const postJson = (path: string, payload?: unknown, headers: Record<string, string> = {}) =>
  call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: payload === undefined ? undefined : JSON.stringify(payload),
    credentials: 'same-origin',
  });

export const api = {
  sessionLogin: (username: string, password: string) => postJson('/api/session/login', { username, password }),
  session: () => call('/api/session', { credentials: 'same-origin' }),
  sessionLogout: () => postJson('/api/session/logout'),
  tokenLogin: (username: string, password: string) => postJson('/api/token', { username, password }),
  tokenRefresh: () => postJson('/api/token/refresh'),
  tokenRevoke: (token: string | undefined) => postJson('/api/token/revoke', token ? { token } : {}),
  /** Calls a protected route with exactly one credential: the cookie, or the bearer token alone. */
  me: (mode: Mode, token?: string, path = '/api/me') =>
    mode === 'jwt'
      ? call(path, { credentials: 'omit', headers: token ? { Authorization: `Bearer ${token}` } : {} })
      : call(path, { credentials: 'same-origin' }),
};
