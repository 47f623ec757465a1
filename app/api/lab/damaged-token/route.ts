// POST /api/lab/damaged-token {variant: "expired" | "wrong_audience"}: for the API console, a token for
// the caller's own identity that is already expired, or that names an audience no route accepts.
// Why this is safe: such a token grants nothing anywhere. Every verifier in the app refuses it
// (401 token_expired / invalid_token), it can't be refreshed or traded in, and getting one takes a
// valid bearer access token of that same identity, which already grants more than the damaged copy.
import { bearerToken } from '@/lib/auth/authenticate';
import { assertSameOrigin } from '@/lib/auth/csrf';
import { assertNotRevoked } from '@/lib/auth/denylist';
import { verifyToken } from '@/lib/auth/jwt';
import { getKeyRing } from '@/lib/auth/keys';
import { getConfig } from '@/lib/config';
import { AuthError } from '@/lib/http/errors';
import { json, readJson, route } from '@/lib/http/route';
import { DAMAGE_VARIANTS, issueDamagedToken } from '@/lib/lab/damaged-token';
import { z } from 'zod';

const Body = z.object({ variant: z.enum(DAMAGE_VARIANTS) });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const token = bearerToken(request);
    if (token === null) {
      throw new AuthError('unauthenticated', 'Send your access token as a bearer token to get a damaged copy of it.', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    const config = getConfig();
    const ring = await getKeyRing(config);
    const { identity } = await verifyToken(token, { ring, config });
    // A revoked token (denylisted, or its user signed out everywhere) gets nothing, not even a damaged copy.
    await assertNotRevoked(config.issuer, identity);
    const { variant } = await readJson(request, Body);
    const damaged = await issueDamagedToken(identity.user, variant, { ring, config, ttl: config.accessTokenTtl });
    return json({
      variant,
      access_token: damaged.token,
      token_type: 'Bearer',
      claims: damaged.claims,
      note: 'This token grants nothing: every route of authlab refuses it.',
    });
  },
});
