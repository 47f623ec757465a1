// GET /api/admin/store-outage: whether the built-in store is down on purpose (public: the outage banner
// reads it while sessions can't be checked). POST {seconds, mode}: admins take the store down for a while;
// the answer carries an `endKey` that ends that drill (header `Outage-End-Key`, `{seconds: 0}`) with no other credential.
import { z } from 'zod';
import { authenticate } from '@/lib/auth/authenticate';
import { assertSameOrigin } from '@/lib/auth/csrf';
import type { Identity } from '@/lib/auth/identity';
import { requireIdentity } from '@/lib/auth/require-identity';
import { requireRole } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config';
import { json, readJson, route } from '@/lib/http/route';
import { AuthError } from '@/lib/http/errors';
import { readOutage, setOutage } from '@/lib/store/outage';
import { checkEndKey, mintEndKey } from '@/lib/store/outage-end-key';
import { MAX_OUTAGE_SECONDS, OUTAGE_END_KEY_HEADER, OUTAGE_MODES } from '@/lib/store/outage-protocol';

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
    const endKey = request.headers.get(OUTAGE_END_KEY_HEADER);
    if (endKey !== null) {
      // The admin who started the drill ends it with its key, whatever the mode or denylist: while the
      // store is down, their credential may be impossible to check.
      const { seconds } = await readJson(request, Body);
      if (seconds !== 0) throw new AuthError('forbidden', 'An outage end key can only end the drill: send {"seconds": 0}.');
      checkEndKey(endKey, getConfig().sessionPassword, Date.now());
      return json(await setOutage(0, 'refuse'));
    }
    const identity = await verifiedIdentity(request);
    requireRole(identity, 'admin');
    const { seconds, mode } = await readJson(request, Body);
    const state = await setOutage(seconds, mode);
    if (seconds === 0 || !state.available || state.outage === null) return json(state);
    const endsAtMs = Date.parse(state.outage.endsAt);
    return json({ ...state, endKey: mintEndKey(identity.user.id, endsAtMs, getConfig().sessionPassword) });
  },
});
