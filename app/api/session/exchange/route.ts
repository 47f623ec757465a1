// POST /api/session/exchange: the hybrid pattern; trades a live cookie session for a short internal JWT.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { issueToken } from '@/lib/auth/jwt';
import { isCutOff, pastCutoffSecond, readCutoff } from '@/lib/auth/revocation';
import { getKeyRing } from '@/lib/auth/keys';
import { sessionUser } from '@/lib/auth/session';
import { requireSession } from '@/lib/auth/session-http';
import { systemClock } from '@/lib/clock';
import { getConfig } from '@/lib/config';
import { AuthError } from '@/lib/http/errors';
import { json, route } from '@/lib/http/route';
import { Laps, serverTiming } from '@/lib/http/server-timing';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const start = performance.now();
    const config = getConfig();
    const laps = new Laps();
    const { record } = await requireSession(request, config, systemClock, laps);
    const lookup = performance.now() - start;
    const ring = await getKeyRing(config);
    // No internal token outlives its session (a throwaway user's sessions end with the user).
    const sessionEnd = record.createdAt + record.absoluteTtl * 1000;
    const sign = () =>
      issueToken(sessionUser(record), {
        ring,
        config,
        ttl: Math.max(1, Math.min(config.hybridTokenTtl, Math.floor((sessionEnd - systemClock.now()) / 1000))),
        kind: 'internal',
      });
    let issued = await sign();
    // The session was read before the token was signed: a "sign out everywhere" that landed in between
    // is seen here (one round trip), and one after it cuts the token off by its iat.
    laps.skip();
    const cutoff = await readCutoff(record.userId);
    laps.lap('store', '1 round trip (the sign-out cut-off, read again after signing)');
    if (isCutOff(record.createdAt, cutoff)) throw new AuthError('session_revoked', 'You signed out everywhere; sign in again.');
    // A session made after the cut-off but in its second: the token's whole-second iat would fall under it.
    if (isCutOff(issued.expiresAt - issued.expiresIn * 1000, cutoff)) {
      await pastCutoffSecond(cutoff, systemClock.now);
      issued = await sign();
    }
    return json(
      { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn },
      // The store's share: the session lookup and the cut-off read again (signing is not in it).
      {
        headers: {
          'Server-Timing': serverTiming({ desc: 'session lookup', durMs: lookup + (laps.parts.at(-1)?.durMs ?? 0), parts: laps.parts }),
        },
      },
    );
  },
});
