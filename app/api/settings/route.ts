// GET /api/settings: the live demo settings. PATCH /api/settings {jwtDenylist}: admins flip the
// denylist check for every instance (the middleware allows PATCH to admins only).
import { assertSameOrigin } from '@/lib/auth/csrf';
import { requireIdentity } from '@/lib/auth/require-identity';
import { requireRole } from '@/lib/auth/roles';
import { denylistEnabled, setDenylistEnabled } from '@/lib/auth/settings';
import { getConfig } from '@/lib/config';
import { json, readJson, route } from '@/lib/http/route';
import { z } from 'zod';

const Patch = z.object({ jwtDenylist: z.boolean({ message: 'must be true or false' }) });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async () => json({ jwtDenylist: await denylistEnabled(getConfig()) }),
  PATCH: async (request) => {
    assertSameOrigin(request);
    const identity = requireIdentity(request);
    requireRole(identity, 'admin');
    const { jwtDenylist } = await readJson(request, Patch);
    await setDenylistEnabled(jwtDenylist, { config: getConfig() });
    return json({ jwtDenylist });
  },
});
