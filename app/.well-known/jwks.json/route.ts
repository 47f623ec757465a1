// GET /.well-known/jwks.json: the public verification keys; never a private member or an HMAC secret.
import { getKeyRing, publicJwks } from '@/lib/auth/keys';
import { getConfig } from '@/lib/config';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async () => {
    const ring = await getKeyRing(getConfig());
    // Verifiers may cache the set briefly; rotation keeps old keys published longer than this.
    return json(publicJwks(ring), { headers: { 'Cache-Control': 'public, max-age=60' } });
  },
});
