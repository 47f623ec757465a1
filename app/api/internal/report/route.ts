// GET /api/internal/report: stands for an internal service that accepts only the hybrid internal JWT.
import { requireIdentity } from '@/lib/auth/require-identity';
import { AuthError } from '@/lib/http/errors';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async (request) => {
    const identity = requireIdentity(request);
    if (identity.mode !== 'internal') throw new AuthError('unauthenticated', 'This internal route accepts only the hybrid internal token.');
    return json({ report: { for: identity.user.username, generatedAt: new Date().toISOString() }, token: identity.token });
  },
});
