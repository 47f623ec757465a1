// The one entry point that verifies a request in any cell (mode × transport) into an `AuthResult`.
// Runtime: edge (middleware) and Node (route handlers). A bearer token always wins over a cookie;
// the transport readers (transport/) say what the credential is, this module verifies it.
import type { Redis } from '@upstash/redis';
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { AuthError } from '../http/errors';
import { Laps, type AuthTiming } from '../http/server-timing';
import { revocationOf, revocationSubject, revokedTokenError } from './denylist';
import type { AuthResult } from './identity';
import { VerifiedTokenCache, verifyToken } from './jwt';
import type { TokenKind } from './jwt-profile';
import { getKeyRing } from './keys';
import { loadSession, sessionUser, type LoadedSession } from './session';
import { clearsSessionCookie } from './session-http';
import { denylistEnabled } from './settings';
import { checkedDesc, readCredential } from './transport/credential';
import { bearerToken } from './transport/readers/header';
import { assertSessionCell, sessionKeyOf } from './transport/session-cell';

export interface AuthenticateOptions {
  config: Config;
  /** Which token a bearer credential must be: a public access token, or the hybrid internal one. */
  kind?: TokenKind;
  clock?: Clock;
  redis?: Redis;
  /** Runs the throttled `lastSeenAt` write without holding up the answer (edge `waitUntil`). */
  defer?: (work: Promise<void>) => void;
}

/** Moved to the header reader; kept here for the callers that import it from authenticate. */
export { bearerToken };

const elapsed = (start: number) => performance.now() - start;

/** This process's (or edge sandbox's) verified tokens; see `VerifiedTokenCache`. */
const verifiedTokens = new VerifiedTokenCache();

/** Verifies the request's credential. Never throws: every failure is a result with an `AuthError`. */
export async function authenticate(request: Request, options: AuthenticateOptions): Promise<AuthResult & { session?: LoadedSession }> {
  const { config, kind = 'access', clock = systemClock } = options;
  const start = performance.now();
  let timing: AuthTiming | undefined;
  const laps = new Laps();
  let triedCookie = false;
  /** Which session cell's cookie a dead lookup clears: only the cookie that was tried. */
  let cookieTransport: 'cookie' | 'both' = 'cookie';
  try {
    const credential = readCredential(request);
    if (kind === 'internal' && !(credential?.mode === 'jwt' && credential.transport === 'header')) {
      throw new AuthError('unauthenticated', 'This internal route accepts only the hybrid internal token as a bearer token.', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    if (credential === null) {
      throw new AuthError('unauthenticated', 'Sign in first: send a session cookie or a bearer token.', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    if (credential.mode === 'jwt') {
      const { token } = credential;
      // The token's kid goes along: a key another instance just rotated in is picked up on first sight.
      const cache = config.jwtVerifyCache ? verifiedTokens : undefined;
      const kid = cache?.kidOf(kind, token);
      const ring = await getKeyRing(config, {
        ...(kid === undefined ? { token } : { kid }),
        clock,
        ...(options.redis ? { redis: options.redis } : {}),
      });
      timing = { desc: checkedDesc(credential, ring.current.alg), durMs: 0, parts: laps.parts };
      // `verify` is the signature and claims check alone; finding the key (in memory, with a store
      // re-read every few seconds) counts in the `auth` total.
      laps.skip();
      const { identity, cached } = await verifyToken(token, { ring, config, kind, clock, ...(cache ? { cache } : {}) });
      laps.lap('verify', cached ? 'signature verified earlier; key and exp checked' : 'signature and claims');
      // Access and hybrid internal tokens alike: wherever the denylist is on, a revoked one is refused.
      if (identity.token && (await denylistEnabled(config, { clock, ...(options.redis ? { redis: options.redis } : {}) }))) {
        timing.desc += ' + denylist';
        // The jti, the token's refresh family (its `sid`) and the user's cut-off, all in one round trip.
        const revoked = await revocationOf(config.issuer, revocationSubject({ ...identity, token: identity.token }), options.redis);
        laps.lap('denylist', '1 round trip');
        if (revoked) throw revokedTokenError(revoked);
      }
      timing.durMs = elapsed(start);
      return { ok: true, identity: { ...identity, transport: credential.transport }, timing };
    }
    timing = { desc: checkedDesc(credential), durMs: 0, parts: laps.parts };
    // Only a cookie found dead by the lookup is cleared; a missing or foreign header half never clears it.
    triedCookie = credential.transport !== 'header';
    if (credential.transport !== 'header') cookieTransport = credential.transport;
    const session = await loadSession(sessionKeyOf(credential), config, {
      clock,
      laps,
      ...(options.redis ? { redis: options.redis } : {}),
    });
    triedCookie = false;
    await assertSessionCell(session.record, credential);
    if (session.touch) {
      const work = session.touch().catch((error: unknown) => console.error('[authlab] lastSeenAt write failed', error));
      if (options.defer) options.defer(work);
      else await work;
    }
    timing.durMs = elapsed(start);
    const identity = {
      user: sessionUser(session.record),
      mode: 'session' as const,
      transport: credential.transport,
      session: session.info,
    };
    return { ok: true, identity, timing, session };
  } catch (error) {
    const authError =
      error instanceof AuthError ? error : new AuthError('internal_error', 'The credential could not be checked.', { cause: error });
    if (timing) timing.durMs = elapsed(start);
    // Only a cookie that was tried and found dead is cleared (see `clearsSessionCookie`).
    const clearCookie = triedCookie && clearsSessionCookie(authError);
    return { ok: false, error: authError, ...(timing ? { timing } : {}), clearCookie, ...(clearCookie ? { cookieTransport } : {}) };
  }
}
