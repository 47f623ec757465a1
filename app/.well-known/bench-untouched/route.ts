// GET /.well-known/bench-untouched: the same answer as /api/bench/passthrough from a path outside the
// middleware's matcher, so `npm run bench` can compare the middleware hop with no middleware at all.
// Public and fixed: no identity, no store, no secret.
import { route } from '@/lib/http/route';
import { benchSampleResponse } from '@/lib/measure/bench-sample';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: benchSampleResponse });
