// A demo page's own credentials, never the visitor's. Runtime: browser.
// A throwaway member (POST /api/lab/throwaway) signs in with a session on the "header" transport (the
// opaque session token comes back in the body: no cookie is set) and with a JWT whose refresh cookie is
// never stored (`credentials: 'omit'`). This browser's cookie jar, and so who you are on `/`, is untouched.
import { api, type ApiAnswer, type Lifetimes } from './api-client';

export interface ThrowawayCredentials {
  username: string;
  /** When the throwaway user (and every credential it holds) ends, ms since the epoch. */
  userExpiresAt: number;
  session: { id: string; token: string };
  jwt: { token: string; expiresAt: number };
}

function failure(what: string, answer: ApiAnswer): Error {
  const message = (answer.body as { error?: { message?: string } } | null)?.error?.message;
  return new Error(`${what}: ${answer.status}${answer.errorCode ? ` ${answer.errorCode}` : ''}${message ? ` (${message})` : ''}`);
}

const omitPost = (path: string, payload: unknown) =>
  fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(payload),
    credentials: 'omit',
  });

async function answerOf(response: Response): Promise<ApiAnswer> {
  const body: unknown = await response.json().catch(() => null);
  const errorCode = (body as { error?: { code?: string } } | null)?.error?.code;
  return { status: response.status, body, serverTiming: response.headers.get('server-timing'), errorCode };
}

/** A throwaway member: a random `tmp-…` name and password, living 10 minutes. */
export async function throwawayUser(): Promise<{ username: string; password: string; expiresAt: number }> {
  const answer = await answerOf(await fetch('/api/lab/throwaway', { method: 'POST', credentials: 'omit' }));
  if (answer.status !== 201) throw failure('POST /api/lab/throwaway', answer);
  const { user, password, expiresAt } = answer.body as { user: { username: string }; password: string; expiresAt: string };
  return { username: user.username, password, expiresAt: Date.parse(expiresAt) };
}

/** An access token for a throwaway member, on the header transport: its refresh cookie is never stored here. */
export async function throwawayAccessToken(username: string, password: string): Promise<string> {
  const t = await answerOf(await omitPost('/api/token', { username, password, transport: 'header' }));
  if (t.status !== 200) throw failure('POST /api/token', t);
  return (t.body as { access_token: string }).access_token;
}

/** A throwaway member signed in both ways, with credentials only this page's script holds. */
export async function throwawayCredentials(lifetimes: Lifetimes = 'default'): Promise<ThrowawayCredentials> {
  const { username, password, expiresAt } = await throwawayUser();
  const [s, t] = await Promise.all([
    omitPost('/api/session/login', { username, password, lifetimes, transport: 'header' }).then(answerOf),
    omitPost('/api/token', { username, password, lifetimes, transport: 'header' }).then(answerOf),
  ]);
  if (s.status !== 200) throw failure('POST /api/session/login', s);
  if (t.status !== 200) throw failure('POST /api/token', t);
  const session = s.body as { session: { id: string }; header_credential: string };
  const jwt = t.body as { access_token: string; expires_in: number };
  return {
    username,
    userExpiresAt: expiresAt,
    session: { id: session.session.id, token: session.header_credential },
    jwt: { token: jwt.access_token, expiresAt: Date.now() + jwt.expires_in * 1000 },
  };
}

/** Revokes the throwaway session by its bearer token, as its owner would from the devices list. */
export async function revokeThrowawaySession(credentials: ThrowawayCredentials): Promise<ApiAnswer> {
  const response = await fetch(`/api/sessions/${encodeURIComponent(credentials.session.id)}`, {
    method: 'DELETE',
    headers: { Accept: 'application/json', Authorization: `Bearer ${credentials.session.token}` },
    credentials: 'omit',
  });
  return answerOf(response);
}

/** Puts the throwaway JWT's `jti` on the denylist (the refresh cookie was never kept, so there is no family to end here). */
export async function revokeThrowawayToken(credentials: ThrowawayCredentials): Promise<ApiAnswer> {
  return revokeAccessToken(credentials.jwt.token);
}

/** Puts an access token's `jti` on the denylist without this browser's cookies: the visitor's own refresh family is not touched. */
export async function revokeAccessToken(token: string): Promise<ApiAnswer> {
  return answerOf(await omitPost('/api/token/revoke', { token }));
}

/** `GET /api/me` with one of the throwaway credentials as the bearer, and no cookie. */
export const meAs = (token: string) => api.me('jwt', token);
