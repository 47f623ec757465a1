// A client for the first test server's built-in store (its port and token from the run's data dir),
// for specs that seed it or read what the app wrote there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStoreClient } from '../../lib/store/client';

export function testStore() {
  const secrets = JSON.parse(readFileSync(join(process.env.E2E_DATA_DIR ?? '', 'secrets.json'), 'utf8')) as {
    sessionPassword: string;
    storeToken: string;
  };
  const url = `http://127.0.0.1:${process.env.E2E_STORE_PORT ?? ''}`;
  return { redis: createStoreClient({ url, token: secrets.storeToken, timeoutMs: 30_000 }), sessionPassword: secrets.sessionPassword };
}
