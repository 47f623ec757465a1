// The HTTP side of cookie sessions for route handlers: read the cookie, set it, clear it.
// Runtime: Node and edge. A bad, expired or revoked cookie is cleared in the same answer.
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { clearCookie, serializeCookie } from '../http/cookies';
import { AuthError } from '../http/errors';
import { readCookie } from './authenticate';
import type { Laps } from './identity';
import { SESSION_COOKIE, isHttps, loadSession, type LoadedSession } from './session';

export function sessionCookie(request: Request, value: string, maxAge: number): string {
  return serializeCookie(SESSION_COOKIE, value, { path: '/', maxAge, secure: isHttps(request), sameSite: 'lax' });
}

export function clearedSessionCookie(request: Request): string {
  return clearCookie(SESSION_COOKIE, '/', isHttps(request));
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
    if (error instanceof AuthError && ['unauthenticated', 'session_expired', 'session_revoked'].includes(error.code)) {
      throw new AuthError(error.code, error.message, { headers: { ...error.headers, 'Set-Cookie': clearedSessionCookie(request) } });
    }
    throw error;
  }
}
