// GET /api/lab/cookies?path=/api/...: the NAMES of the cookies this request carried (never their
// values), and which of the app's cookies the browser attaches to `path`. The API console uses it to
// say which HttpOnly cookies left the browser, since a page script cannot read them itself.
import { AuthError } from '@/lib/http/errors';
import { json, route } from '@/lib/http/route';
import { cookieReport } from '@/lib/lab/cookie-report';
import { z } from 'zod';

const Path = z.string().startsWith('/', 'must start with "/"').max(2048);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: (request) => {
    const url = new URL(request.url);
    const parsed = Path.safeParse(url.searchParams.get('path') ?? '/');
    if (!parsed.success) throw new AuthError('validation_failed', `path: ${parsed.error.issues[0]?.message ?? 'invalid value'}.`);
    // The pathname only: a cookie's Path is matched against it, never against the query.
    const path = new URL(parsed.data, url.origin).pathname;
    return json(cookieReport(request.headers.get('cookie'), url.pathname, path));
  },
});
