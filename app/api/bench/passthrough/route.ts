// GET /api/bench/passthrough: a route that the middleware covers but does not authenticate (it strips
// identity headers and passes it on), so `npm run bench` can price the middleware hop alone. It
// answers what GET /api/me answers a JWT caller (see `benchSampleResponse`).
import { route } from '@/lib/http/route';
import { benchSampleResponse } from '@/lib/measure/bench-sample';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: benchSampleResponse });
