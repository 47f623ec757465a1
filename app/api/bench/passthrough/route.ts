// GET /api/bench/passthrough: a trivial route that the middleware covers but does not authenticate
// (it strips identity headers and passes it on), so `npm run bench` can price the middleware hop alone.
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: () => json({ status: 'ok' }),
});
