// GET /api/session: the current session (in any transport), read from the store, with the transport it travels in.
import { sessionUser } from '@/lib/auth/session';
import { requireSession } from '@/lib/auth/session-http';
import { systemClock } from '@/lib/clock';
import { getConfig } from '@/lib/config';
import { json, route } from '@/lib/http/route';
import { Laps, serverTiming } from '@/lib/http/server-timing';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async (request) => {
    const start = performance.now();
    const laps = new Laps();
    const session = await requireSession(request, getConfig(), systemClock, laps);
    return json(
      { user: sessionUser(session.record), session: session.info, transport: session.record.transport ?? 'cookie' },
      { headers: { 'Server-Timing': serverTiming({ desc: 'session lookup', durMs: performance.now() - start, parts: laps.parts }) } },
    );
  },
});
