// POST /api/keys/rotate: admins make a new signing key current; the replaced key keeps verifying
// until it retires (the middleware lets only admins through; CSRF-checked like every state change).
import { assertSameOrigin } from '@/lib/auth/csrf';
import { describeKeys, rotateKeys } from '@/lib/auth/keys';
import { requireIdentity } from '@/lib/auth/require-identity';
import { requireRole } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const identity = requireIdentity(request);
    requireRole(identity, 'admin');
    const config = getConfig();
    const ring = await rotateKeys(config);
    return json({ rotated: ring.current.kid, ...describeKeys(ring, config) });
  },
});
