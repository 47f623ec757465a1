// GET /api/sessions: the signed-in user's active sessions (devices).
// DELETE /api/sessions: revokes all of them ("sign out everywhere"), this one included.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { listSessions, revokeAllSessions } from '@/lib/auth/session';
import { clearedSessionCookie, requireSession } from '@/lib/auth/session-http';
import { getConfig } from '@/lib/config';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async (request) => {
    const current = await requireSession(request, getConfig());
    const sessions = await listSessions(current.record.userId);
    return json({
      sessions: sessions.map((s) => ({
        id: s.record.id,
        createdAt: new Date(s.record.createdAt).toISOString(),
        lastSeenAt: new Date(s.hash === current.hash ? current.lastSeenAt : s.lastSeenAt).toISOString(),
        userAgent: s.record.userAgent,
        current: s.hash === current.hash,
      })),
    });
  },
  DELETE: async (request) => {
    assertSameOrigin(request);
    const current = await requireSession(request, getConfig());
    const revoked = await revokeAllSessions(current.record.userId);
    return json({ status: 'revoked', revoked }, { headers: { 'Set-Cookie': clearedSessionCookie(request) } });
  },
});
