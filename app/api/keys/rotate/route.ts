// POST /api/keys/rotate: admins make a new signing key current; the replaced key keeps verifying
// until it retires (the middleware lets only admins through; CSRF-checked like every state change).
import { assertSameOrigin } from '@/lib/auth/csrf';
import { describeKeys, rotateKeys } from '@/lib/auth/keys';
import { requireIdentity } from '@/lib/auth/require-identity';
import { getConfig } from '@/lib/config';
import { AuthError } from '@/lib/http/errors';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const identity = requireIdentity(request);
    if (identity.user.role !== 'admin') throw new AuthError('forbidden', 'Only an admin can rotate the signing key.');
    const config = getConfig();
    const ring = await rotateKeys(config);
    return json({ rotated: ring.current.kid, ...describeKeys(ring, config) });
  },
});
