// GET /api/sessions?cursor=&limit=: the signed-in user's active sessions (devices), newest first, one page.
// DELETE /api/sessions: sign out everywhere: every session, refresh family and token of the user, this one included.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, listSessions } from '@/lib/auth/session';
import { clearedSessionCookie, requireSession } from '@/lib/auth/session-http';
import { signOutEverywhere } from '@/lib/auth/sign-out-everywhere';
import { decodeCursor, encodeCursor } from '@/lib/auth/user-index';
import { getConfig } from '@/lib/config';
import { AuthError } from '@/lib/http/errors';
import { json, route } from '@/lib/http/route';

function pageSize(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_PAGE_SIZE;
  const n = Number(raw);
  if (!/^\d{1,4}$/.test(raw) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new AuthError('bad_request', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  return n;
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async (request) => {
    const config = getConfig();
    const params = new URL(request.url).searchParams;
    const limit = pageSize(params.get('limit'));
    const rawCursor = params.get('cursor');
    const cursor = rawCursor === null || rawCursor === '' ? undefined : decodeCursor(rawCursor);
    const current = await requireSession(request, config);
    const page = await listSessions(current.record.userId, { limit, ...(cursor ? { cursor } : {}) });
    return json({
      sessions: page.sessions.map((s) => ({
        id: s.record.id,
        createdAt: new Date(s.record.createdAt).toISOString(),
        lastSeenAt: new Date(s.hash === current.hash ? current.lastSeenAt : s.lastSeenAt).toISOString(),
        userAgent: s.record.userAgent,
        current: s.hash === current.hash,
      })),
      total: page.total,
      maxPerUser: config.sessionMaxPerUser,
      ...(page.next ? { next: encodeCursor(page.next) } : {}),
    });
  },
  DELETE: async (request) => {
    assertSameOrigin(request);
    const config = getConfig();
    const current = await requireSession(request, config);
    const result = await signOutEverywhere(current.record.userId, config);
    // Every credential of the user has ended; this cell's cookie is cleared now, the others' at their next use.
    return json(
      { status: 'revoked', revoked: result.sessions, families_revoked: result.families, everywhere: true },
      current.transport === 'header' ? {} : { headers: { 'Set-Cookie': clearedSessionCookie(request, current.transport) } },
    );
  },
});
