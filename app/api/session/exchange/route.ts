// POST /api/session/exchange: the hybrid pattern; trades a live cookie session for a short internal JWT.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { Laps, serverTiming } from '@/lib/auth/identity';
import { issueToken } from '@/lib/auth/jwt';
import { getKeyRing } from '@/lib/auth/keys';
import { requireSession } from '@/lib/auth/session-http';
import { systemClock } from '@/lib/clock';
import { getConfig } from '@/lib/config';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const start = performance.now();
    const config = getConfig();
    const laps = new Laps();
    const { record } = await requireSession(request, config, systemClock, laps);
    const lookup = performance.now() - start;
    const user = { id: record.userId, username: record.username, role: record.role };
    const issued = await issueToken(user, { ring: await getKeyRing(config), config, ttl: config.hybridTokenTtl, kind: 'internal' });
    return json(
      { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn },
      { headers: { 'Server-Timing': serverTiming({ desc: 'session lookup', durMs: lookup, parts: laps.parts }) } },
    );
  },
});
