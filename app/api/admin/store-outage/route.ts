// GET /api/admin/store-outage: whether the built-in store is down on purpose (public: the outage banner
// reads it while sessions can't be checked). POST {seconds, mode}: admins take the store down for a while.
import { z } from 'zod';
import { authenticate } from '@/lib/auth/authenticate';
import { assertSameOrigin } from '@/lib/auth/csrf';
import type { Identity } from '@/lib/auth/identity';
import { requireIdentity } from '@/lib/auth/require-identity';
import { requireRole } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config';
import { json, readJson, route } from '@/lib/http/route';
import { readOutage, setOutage } from '@/lib/store/outage';
import { MAX_OUTAGE_SECONDS, OUTAGE_MODES } from '@/lib/store/outage-protocol';

const Body = z.object({
  seconds: z
    .number({ message: `must be a whole number from 0 to ${MAX_OUTAGE_SECONDS}` })
    .int(`must be a whole number from 0 to ${MAX_OUTAGE_SECONDS}`)
    .min(0, 'must be 0 (end the outage) or more')
    .max(MAX_OUTAGE_SECONDS, `at most ${MAX_OUTAGE_SECONDS}`),
  mode: z.enum(OUTAGE_MODES, { message: 'must be "refuse" or "hang"' }).default('refuse'),
});

/**
 * The identity the middleware signed, or, on a deployment whose middleware does not list this route,
 * the request's own credential verified here: either way nothing unverified is trusted.
 */
async function verifiedIdentity(request: Request): Promise<Identity> {
  try {
    return requireIdentity(request);
  } catch {
    const result = await authenticate(request, { config: getConfig() });
    if (!result.ok) throw result.error;
    return result.identity;
  }
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async () => json(await readOutage()),
  POST: async (request) => {
    assertSameOrigin(request);
    const identity = await verifiedIdentity(request);
    requireRole(identity, 'admin');
    const { seconds, mode } = await readJson(request, Body);
    return json(await setOutage(seconds, mode));
  },
});
