// GET /api/token/inspect: what JWT mode's credential is made of in the browser, for the inspector: the
// app's cookies the request carried (name and size, never a value; under /api/token the refresh cookie
// is among them), the cell the access token travels in, and whether it verifies. Not an auth path.
import { assertNotRevoked } from '@/lib/auth/denylist';
import { verifyToken } from '@/lib/auth/jwt';
import { getKeyRing } from '@/lib/auth/keys';
import { readCredential } from '@/lib/auth/transport/credential';
import { getConfig } from '@/lib/config';
import { isHttps } from '@/lib/http/cookies';
import { AuthError } from '@/lib/http/errors';
import { json, route } from '@/lib/http/route';
import { carriedAppCookies } from '@/lib/lab/cookie-report';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async (request) => {
    const cookies = carriedAppCookies(request.headers.get('cookie'), isHttps(request));
    const config = getConfig();
    let credential: ReturnType<typeof readCredential> = null;
    try {
      credential = readCredential(request);
      if (credential?.mode !== 'jwt') throw new AuthError('unauthenticated', 'The request carries no access token.');
      const { identity } = await verifyToken(credential.token, { ring: await getKeyRing(config), config });
      // As introspection: revocation counts whatever the denylist setting.
      await assertNotRevoked(config.issuer, identity);
      return json({ cookies, access: { transport: credential.transport, active: true } });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      const transport = credential?.mode === 'jwt' ? credential.transport : null;
      return json({ cookies, access: { transport, active: false, error: { code: error.code, message: error.message } } });
    }
  },
});
