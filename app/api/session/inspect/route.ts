// GET /api/session/inspect: what a cookie session is made of, for the inspector: the cookie as the
// browser holds it, what its seal contains (the id masked: page scripts never get the secret), and
// the server-side record with its remaining lifetime. Costs store calls of its own; not the auth path.
import { EXPLAIN_WINDOW_SECONDS, inspectSession, sessionUser } from '@/lib/auth/session';
import { requireSession } from '@/lib/auth/session-http';
import { getConfig } from '@/lib/config';
import { SESSION_COOKIE_OF, cookieName } from '@/lib/http/cookie-names';
import { isHttps, readCookie } from '@/lib/http/cookies';
import { json, route } from '@/lib/http/route';
import { carriedAppCookies } from '@/lib/lab/cookie-report';

const BROWSER = {
  cookie: 'the sealed cookie (HttpOnly: page scripts cannot read it)',
  header: "no cookie: the session token, in the page's memory, sent as Authorization: Bearer",
  both: "the sealed cookie (HttpOnly) and the header half in the page's memory: a request needs both",
} as const;

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async (request) => {
    const config = getConfig();
    const session = await requireSession(request, config);
    // The cookie of this session's own cell (a double session id has its own); a header session has none.
    const own = SESSION_COOKIE_OF[session.transport === 'both' ? 'both' : 'cookie'];
    const cookie = readCookie(request, own) ?? '';
    const name = cookieName(own, isHttps(request));
    const inspected = await inspectSession(session.hash);
    const { record } = session;
    const transport = record.transport ?? 'cookie';
    return json({
      transport,
      // This cell's cookie as this request carried it, by name and size: what only the browser holds (HttpOnly).
      // Other cells' cookies may ride along in the same browser; they are not this session's credential.
      cookies:
        transport === 'header' ? [] : carriedAppCookies(request.headers.get('cookie'), isHttps(request)).filter((c) => c.name === name),
      cookie: {
        name,
        bytes: name.length + 1 + cookie.length,
        httpOnly: true,
        secure: isHttps(request),
        sameSite: 'Lax',
        path: '/',
        maxAgeSeconds: record.absoluteTtl + EXPLAIN_WINDOW_SECONDS,
        format: 'iron-session seal (Fe26.2): AES-256-CBC encrypted, HMAC-SHA256 signed',
      },
      // Nothing of the id itself reaches the page: a script that could read it could replay it.
      seal: { contains: ['sid'], sid: `•••••••• (${inspected.sidBits} random bits, never shown to page scripts)` },
      record: {
        key: `sess:${session.hash.slice(0, 8)}… (SHA-256 of the id: a store dump holds no usable id)`,
        id: record.id,
        user: sessionUser(record),
        createdAt: session.info.createdAt,
        lastSeenAt: session.info.lastSeenAt,
        idleTtlSeconds: record.idleTtl,
        absoluteTtlSeconds: record.absoluteTtl,
        userAgent: record.userAgent,
        remainingMs: { record: inspected.recordTtlMs, idle: inspected.seenTtlMs },
      },
      session: session.info,
      where: {
        browser: BROWSER[transport],
        edge: 'unseals the cookie and reads the record on every request; keeps nothing',
        store: 'the session record and its last-seen time, each with a TTL',
      },
    });
  },
});
