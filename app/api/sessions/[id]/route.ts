// DELETE /api/sessions/{id}: revokes one of the user's own sessions; another user's id is a 404.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { revokeSessionById } from '@/lib/auth/session';
import { clearedSessionCookie, requireSession } from '@/lib/auth/session-http';
import { getConfig } from '@/lib/config';
import { AuthError } from '@/lib/http/errors';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  DELETE: async (request, context) => {
    assertSameOrigin(request);
    const current = await requireSession(request, getConfig());
    const { id } = await context.params;
    if (typeof id !== 'string' || id.length > 64 || !(await revokeSessionById(current.record.userId, id))) {
      throw new AuthError('not_found', 'You have no active session with that id.');
    }
    const self = id === current.record.id;
    // Revoking the request's own session clears that cell's cookie only (a header session has none).
    const clears = self && current.transport !== 'header' ? clearedSessionCookie(request, current.transport) : undefined;
    return json({ status: 'revoked', id, current: self }, clears ? { headers: { 'Set-Cookie': clears } } : {});
  },
});
