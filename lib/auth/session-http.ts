// The HTTP side of cookie sessions: set the cookie, clear it, and which failures clear it.
// Runtime: Node and edge. A bad, expired or revoked cookie is cleared in the same answer; an outage keeps it.
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { clearCookie, isHttps, readCookie, serializeCookie } from '../http/cookies';
import { AuthError, type ErrorCode } from '../http/errors';
import type { Laps } from '../http/server-timing';
import { SESSION_COOKIE, loadSession, type LoadedSession } from './session';

export function sessionCookie(request: Request, value: string, maxAge: number): string {
  return serializeCookie(SESSION_COOKIE, value, { path: '/', maxAge, secure: isHttps(request), sameSite: 'lax' });
}

export function clearedSessionCookie(request: Request): string {
  return clearCookie(SESSION_COOKIE, '/', isHttps(request));
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

/** The request's live session, with `lastSeenAt` written when due, or a 401 that clears the cookie. */
export async function requireSession(request: Request, config: Config, clock: Clock = systemClock, laps?: Laps): Promise<LoadedSession> {
  const cookie = readCookie(request, SESSION_COOKIE);
  if (!cookie) throw new AuthError('unauthenticated', 'Sign in first: there is no session cookie.');
  try {
    const session = await loadSession(cookie, config, { clock, ...(laps ? { laps } : {}) });
    if (session.touch) await session.touch();
    return session;
  } catch (error) {
    if (clearsSessionCookie(error)) {
      throw new AuthError(error.code, error.message, { headers: { ...error.headers, 'Set-Cookie': clearedSessionCookie(request) } });
    }
    throw error;
  }
}
