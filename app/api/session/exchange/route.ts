// POST /api/session/exchange: the hybrid pattern; trades a live cookie session for a short internal JWT.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { issueToken } from '@/lib/auth/jwt';
import { signExchange } from '@/lib/auth/exchange';
import { readCutoff } from '@/lib/auth/revocation';
import { getKeyRing } from '@/lib/auth/keys';
import { sessionUser } from '@/lib/auth/session';
import { requireSession } from '@/lib/auth/session-http';
import { systemClock } from '@/lib/clock';
import { getConfig } from '@/lib/config';
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
    const issued = await signExchange(record, config.hybridTokenTtl, {
      now: systemClock.now,
      sign: (ttl) => issueToken(sessionUser(record), { ring, config, ttl, kind: 'internal' }),
      readCutoff: async (userId) => {
        laps.skip();
        const cutoff = await readCutoff(userId);
        laps.lap('store', '1 round trip (the sign-out cut-off, read again after signing)');
        return cutoff;
      },
    });
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
