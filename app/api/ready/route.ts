// GET /api/ready: readiness; pings the store and answers 503 `store_unavailable` when it is down.
import { getConfig } from '@/lib/config';
import { withStore } from '@/lib/store/client';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async () => {
    getConfig();
    await withStore((redis) => redis.ping());
    return json({ status: 'ok', store: 'up' });
  },
});
