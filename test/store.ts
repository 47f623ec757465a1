// A real built-in store on a free loopback port, with an app client, for tests that need a store.
import { startStoreServer } from '../store-server/server';
import { createStoreClient } from '../lib/store/client';

export async function startTestStore() {
  const token = `test-token-${'x'.repeat(32)}`;
  const server = await startStoreServer({ token, port: 0 });
  const redis = createStoreClient({ url: server.url, token, timeoutMs: 2_000 });
  return { redis, url: server.url, token, close: () => server.close() };
}
