// POST /api/session/exchange: the hybrid pattern; trades a live cookie session for a short internal JWT.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { issueToken } from '@/lib/auth/jwt';
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
    const issued = await issueToken(sessionUser(record), {
      ring: await getKeyRing(config),
      config,
      ttl: config.hybridTokenTtl,
      kind: 'internal',
    });
    return json(
      { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn },
      { headers: { 'Server-Timing': serverTiming({ desc: 'session lookup', durMs: lookup, parts: laps.parts }) } },
    );
  },
});
