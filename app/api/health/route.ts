// GET /api/health: liveness; no auth and no store call.
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: () => json({ status: 'ok' }),
});
