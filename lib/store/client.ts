// The one store client of the app: `@upstash/redis` against real Upstash or the built-in store.
// Runtime: edge and Node. Every call has a small time budget, so an outage is an answer, not a hang.
import { Redis } from '@upstash/redis';
import { getConfig } from '../config';
import { storeUnavailable } from '../http/errors';

let client: Redis | undefined;

export function createStoreClient(options: { url: string; token: string; timeoutMs: number }): Redis {
  return new Redis({
    url: options.url,
    token: options.token,
    // One quick retry for a dropped keep-alive connection; the client's default retries for ~4 s.
    retry: { retries: 1, backoff: () => 50 },
    // The function form gives each attempt its own timer; an aborted signal passed as a value
    // would make every later command resolve `null` silently.
    signal: () => AbortSignal.timeout(options.timeoutMs),
    // Values are parsed with zod where they are read, never trusted as the client decodes them.
    automaticDeserialization: false,
    enableTelemetry: false,
    keepAlive: true,
  });
}

/** The process-wide client (one per runtime sandbox: the edge middleware has its own). */
export function getStore(): Redis {
  if (!client) {
    const { store } = getConfig();
    client = createStoreClient(store);
  }
  return client;
}

/**
 * Runs store commands and turns any failure (refused, timed out, a Redis error) into
 * 503 `store_unavailable`: a caller never mistakes an outage for "not found".
 */
export async function withStore<T>(fn: (redis: Redis) => Promise<T>, redis: Redis = getStore()): Promise<T> {
  try {
    return await fn(redis);
  } catch (error) {
    throw storeUnavailable(error);
  }
}
