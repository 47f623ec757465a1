// POST /api/token/introspect {token}: decodes a token for the inspector and says whether it verifies
// here, and if not, why. Answers 200 either way (`active`, as in RFC 7662); nothing is trusted from it.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import { assertSameOrigin } from '@/lib/auth/csrf';
import { assertNotRevoked } from '@/lib/auth/denylist';
import { verifyToken } from '@/lib/auth/jwt';
import { MAX_TOKEN_LENGTH, TOKEN_KINDS, type TokenKind } from '@/lib/auth/jwt-profile';
import { getKeyRing } from '@/lib/auth/keys';
import { getConfig } from '@/lib/config';
import { AuthError } from '@/lib/http/errors';
import { json, readJson, route } from '@/lib/http/route';

const Body = z.object({ token: z.string().min(1).max(MAX_TOKEN_LENGTH) });

function decoded(token: string): { header: unknown; payload: unknown } {
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
  } catch {
    return { header: null, payload: null };
  }
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const { token } = await readJson(request, Body);
    const config = getConfig();
    const { header, payload } = decoded(token);
    const [h = '', p = '', s = ''] = token.split('.');
    const sizes = {
      header: h.length,
      payload: p.length,
      signature: s.length,
      token: token.length,
      authorizationHeader: 'Authorization: Bearer '.length + token.length,
    };
    try {
      // The hybrid's internal token is judged as what it says it is (its own `typ` and audience), and only that.
      const kind: TokenKind = (header as { typ?: unknown } | null)?.typ === TOKEN_KINDS.internal.typ ? 'internal' : 'access';
      const { identity } = await verifyToken(token, { ring: await getKeyRing(config), config, kind });
      // Revocation counts here whatever the denylist setting: introspection is the server's own word on a token.
      await assertNotRevoked(config.issuer, identity);
      return json({ active: true, kind, header, payload, sizes, verifiedAs: identity.user });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return json({ active: false, header, payload, sizes, error: { code: error.code, message: error.message } });
    }
  },
});
