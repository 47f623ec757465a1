// GET /api/me: who the verified credential says you are, in either mode.
import { describeAuth, requireIdentity } from '@/lib/auth/require-identity';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async (request) => {
    const identity = requireIdentity(request);
    return json({ user: identity.user, auth: describeAuth(identity) });
  },
});
