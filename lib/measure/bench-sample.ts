// The answer of the bench's reference routes (`/api/bench/passthrough` inside the middleware's matcher,
// `/.well-known/bench-untouched` outside it): what GET /api/me answers a JWT caller, for a fixed,
// made-up identity of the same shape and size, so comparing them with /api/me prices authentication
// (and the middleware hop), not the size of the answer. Runtime: edge and Node.
import { describeAuth } from '../auth/require-identity';
import type { Identity } from '../auth/identity';
import { json } from '../http/route';

export const SAMPLE_IDENTITY: Identity = {
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

export function benchSampleResponse(): Response {
  return json({ user: SAMPLE_IDENTITY.user, auth: describeAuth(SAMPLE_IDENTITY) });
}
