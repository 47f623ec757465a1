// The HTTP side of cookie sessions: set the cookie, clear it, and which failures clear it.
// Runtime: Node and edge. A bad, expired or revoked cookie is cleared in the same answer; an outage keeps it.
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { clearCookie, isHttps, serializeCookie } from '../http/cookies';
import { AuthError, type ErrorCode } from '../http/errors';
import type { Laps } from '../http/server-timing';
import { SESSION_COOKIE_OF } from '../http/cookie-names';
import { loadSession, type LoadedSession } from './session';
import { readCredential } from './transport/credential';
import { assertSessionCell, sessionKeyOf } from './transport/session-cell';
import type { Transport } from './transport/transport';

/** The cookie-carried session cells: each has a cookie of its own (see cookie-names.ts). */
export type SessionCookieTransport = keyof typeof SESSION_COOKIE_OF;

export function sessionCookie(request: Request, value: string, maxAge: number, transport: SessionCookieTransport = 'cookie'): string {
  return serializeCookie(SESSION_COOKIE_OF[transport], value, { path: '/', maxAge, secure: isHttps(request), sameSite: 'lax' });
}

/** Clears one cell's session cookie, never another cell's. */
export function clearedSessionCookie(request: Request, transport: SessionCookieTransport = 'cookie'): string {
  return clearCookie(SESSION_COOKIE_OF[transport], '/', isHttps(request));
}

/** The codes with which loading a session says the cookie itself is no good: not ours, ended, or signed out. */
const DEAD_COOKIE_CODES: ReadonlySet<ErrorCode> = new Set(['unauthenticated', 'session_expired', 'session_revoked']);

/**
 * Whether a failure to load the session from its cookie should clear the cookie. Only a cookie that
 * can never work again is cleared; a store outage (503) or an internal error keeps it: it is not a sign-out.
 */
export function clearsSessionCookie(error: unknown): error is AuthError {
  return error instanceof AuthError && DEAD_COOKIE_CODES.has(error.code);
}

/**
 * The request's live session in any transport (cookie, bearer session token, or both halves), with
 * `lastSeenAt` written when due, or a 401 that clears a dead cookie. A bearer JWT wins here too: 401.
 */
export async function requireSession(
  request: Request,
  config: Config,
  clock: Clock = systemClock,
  laps?: Laps,
): Promise<LoadedSession & { transport: Transport }> {
  const credential = readCredential(request);
  if (!credential) throw new AuthError('unauthenticated', 'Sign in first: there is no session cookie or session token.');
  if (credential.mode !== 'session') {
    throw new AuthError('unauthenticated', 'This route needs a session; the request carries an access token instead.');
  }
  let session: LoadedSession;
  try {
    session = await loadSession(sessionKeyOf(credential), config, { clock, ...(laps ? { laps } : {}) });
  } catch (error) {
    if (credential.transport !== 'header' && clearsSessionCookie(error)) {
      const cleared = clearedSessionCookie(request, credential.transport);
      throw new AuthError(error.code, error.message, { headers: { ...error.headers, 'Set-Cookie': cleared } });
    }
    throw error;
  }
  await assertSessionCell(session.record, credential);
  if (session.touch) await session.touch();
  return { ...session, transport: credential.transport };
}
