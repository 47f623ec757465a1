// GET /.well-known/jwks.json: the public verification keys; never a private member or an HMAC secret.
import { getKeyRing, publicJwks } from '@/lib/auth/keys';
import { getConfig } from '@/lib/config';
import { json, route } from '@/lib/http/route';

/**
 * Verifiers may keep the set a minute: a key stays published as long as its tokens can verify, and a
 * verifier that meets a kid it has not seen (a key rotated in since) fetches the set again.
 */
const JWKS_CACHE_CONTROL = 'public, max-age=60';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async () => json(publicJwks(await getKeyRing(getConfig())), { headers: { 'Cache-Control': JWKS_CACHE_CONTROL } }),
});
