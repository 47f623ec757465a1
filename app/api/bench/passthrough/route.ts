// GET /api/bench/passthrough: a route that the middleware covers but does not authenticate (it strips
// identity headers and passes it on), so `npm run bench` can price the middleware hop alone. It
// answers what GET /api/me answers a JWT caller (a fixed, made-up identity of the same shape and
// size), so that comparing the two prices authentication, not the size of the answer.
import { describeAuth } from '@/lib/auth/require-identity';
import type { Identity } from '@/lib/auth/identity';
import { json, route } from '@/lib/http/route';

const SAMPLE_IDENTITY: Identity = {
  user: { id: 'u_sample', username: 'sample', role: 'member' },
  mode: 'jwt',
  token: {
    alg: 'ES256',
    kid: 'sample-key-id-000000000000000000000000000',
    jti: '00000000-0000-4000-8000-000000000000',
    issuedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-01T00:05:00.000Z',
    audience: 'authlab-api',
  },
};

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: () => json({ user: SAMPLE_IDENTITY.user, auth: describeAuth(SAMPLE_IDENTITY) }),
});
