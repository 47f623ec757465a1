// Identity: the one result shape that both auth modes verify a request into.
// Runtime: edge and Node. The UI, /api/me and the measurements treat the modes alike through it.
import type { AuthError } from '../http/errors';
import type { AuthTiming } from '../http/server-timing';
import type { Transport } from './transport/transport';

export type Role = 'admin' | 'member';
export type AuthMode = 'session' | 'jwt' | 'internal';

export interface SessionInfo {
  /** The public handle of the session; never the secret session id. */
  id: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

export interface TokenInfo {
  alg: string;
  kid: string;
  jti: string;
  issuedAt: string;
  expiresAt: string;
  audience: string;
  /**
   * The `sid` claim: the refresh family the token was minted from, so ending the family ends the
   * token too (while the denylist check is on). Absent for tokens outside a family (hybrid, lab).
   * Used where the token is verified; the identity forwarded to route handlers drops it (read-identity's
   * envelope), so /api/me keeps its shape, and the routes that judge a token verify it themselves.
   */
  sid?: string;
}

export interface Identity {
  user: { id: string; username: string; role: Role };
  mode: AuthMode;
  /** Where the credential travelled: "cookie", "header" or "both" (see transport/). */
  transport?: Transport;
  session?: SessionInfo;
  token?: TokenInfo;
}

export type AuthResult =
  | { ok: true; identity: Identity; timing: AuthTiming }
  | {
      ok: false;
      error: AuthError;
      timing?: AuthTiming;
      /** The session cookie that was tried is dead: the answer clears it (that cell's cookie, `cookieTransport`). */
      clearCookie?: boolean;
      cookieTransport?: 'cookie' | 'both';
    };
