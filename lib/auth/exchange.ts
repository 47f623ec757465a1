// The hybrid exchange's signing step: a live session's internal JWT, signed after the session was read
// and checked against "sign out everywhere" again after signing. Runtime: Node (POST /api/session/exchange).
import { AuthError } from '../http/errors';
import type { IssuedToken } from './jwt';
import { isCutOff, pastCutoffSecond } from './revocation';

/** What the exchange needs of the session it read: whose, since when, and until when at most. */
export interface ExchangedSession {
  userId: string;
  /** ms since the epoch. */
  createdAt: number;
  /** s after `createdAt`. */
  absoluteTtl: number;
}

export interface ExchangeSteps {
  now: () => number;
  /** Signs the internal token for this lifetime (s), at the instant it is called. */
  sign: (ttl: number) => Promise<IssuedToken>;
  /** The user's sign-out cut-off as the store holds it now (lib/auth/revocation.ts `readCutoff`). */
  readCutoff: (userId: string) => Promise<number | undefined>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Signs the internal token for a session that was read (and found live, under no cut-off) before this
 * call. The session was read before the token was signed, so the cut-off is read again after signing:
 * a "sign out everywhere" that landed in between is seen there (401 `session_revoked`), and one landing
 * after that read ends with a cut-off at or after the signing instant (`signOutEverywhere` writes it
 * again if its write crossed a second boundary), which covers the token's whole-second `iat`. A session made after the cut-off but in its second waits for the next whole second and signs
 * again, so its token isn't dead on arrival. No internal token outlives its session.
 */
export async function signExchange(session: ExchangedSession, hybridTokenTtl: number, steps: ExchangeSteps): Promise<IssuedToken> {
  const sessionEnd = session.createdAt + session.absoluteTtl * 1000;
  const sign = () => steps.sign(Math.max(1, Math.min(hybridTokenTtl, Math.floor((sessionEnd - steps.now()) / 1000))));
  let issued = await sign();
  const cutoff = await steps.readCutoff(session.userId);
  if (isCutOff(session.createdAt, cutoff)) throw new AuthError('session_revoked', 'You signed out everywhere; sign in again.');
  if (isCutOff(issued.expiresAt - issued.expiresIn * 1000, cutoff)) {
    await pastCutoffSecond(cutoff, steps.now, steps.sleep);
    issued = await sign();
  }
  return issued;
}
