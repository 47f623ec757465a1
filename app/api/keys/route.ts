// GET /api/keys: the key ring without private material (kid, algorithm, created, retires at, public JWK)
// and the current algorithm. Public: it says no more than the JWKS and the tokens' own headers.
import { describeKeys, getKeyRing } from '@/lib/auth/keys';
import { getConfig } from '@/lib/config';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async () => {
    const config = getConfig();
    return json(describeKeys(await getKeyRing(config), config));
  },
});
