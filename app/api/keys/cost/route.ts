// GET /api/keys/cost: median and p95 of signing and verifying an access token with each algorithm,
// measured in this Node process with throwaway keys; one measurement a minute at most, whoever asks.
import { COST_CACHE_MS, keyCosts } from '@/lib/auth/key-cost';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async () => json(await keyCosts(), { headers: { 'Cache-Control': `public, max-age=${COST_CACHE_MS / 1000}` } }),
});
