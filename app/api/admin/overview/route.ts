// GET /api/admin/overview: admins only (the middleware answers 403 to members).
import { requireIdentity } from '@/lib/auth/require-identity';
import { requireRole } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async (request) => {
    const identity = requireIdentity(request);
    // Checked again here: a handler does not rely on the middleware's matcher alone.
    requireRole(identity, 'admin');
    const config = getConfig();
    return json({
      viewer: identity.user,
      settings: {
        jwtAlg: config.jwtAlg,
        accessTokenTtl: config.accessTokenTtl,
        refreshTokenTtl: config.refreshTokenTtl,
        sessionIdleTtl: config.sessionIdleTtl,
        sessionAbsoluteTtl: config.sessionAbsoluteTtl,
        jwtDenylist: config.jwtDenylist,
        store: config.redisUrl ? 'built-in (Redis)' : 'built-in or Upstash',
      },
    });
  },
});
