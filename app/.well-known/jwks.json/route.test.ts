import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStore } from '../../../test/store';
import { generatePrivateJwk } from '../../../lib/auth/keys';
import { PRIVATE_MEMBERS } from '../../../lib/auth/key-material';

let store: Awaited<ReturnType<typeof startTestStore>>;
let jwtKeys: string;
beforeAll(async () => {
  store = await startTestStore();
  jwtKeys = JSON.stringify({ keys: [await generatePrivateJwk('ES256'), await generatePrivateJwk('EdDSA')] });
});
afterAll(async () => {
  await store.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The route as a fresh server process would load it, configured by the environment. */
async function jwksWith(alg: string): Promise<Response> {
  vi.resetModules();
  for (const [name, value] of Object.entries({
    JWT_ALG: alg,
    JWT_SECRET: 's'.repeat(40),
    JWT_KEYS: jwtKeys,
    SESSION_PASSWORD: 'p'.repeat(32),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: store.token,
  })) {
    vi.stubEnv(name, value);
  }
  const { GET } = await import('./route');
  return GET(new Request('http://authlab.test/.well-known/jwks.json'), { params: Promise.resolve({}) });
}

describe('GET /.well-known/jwks.json', () => {
  it('is empty for HS256: a shared secret is never published', async () => {
    const response = await jwksWith('HS256');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ keys: [] });
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it.each(['ES256', 'EdDSA'])('%s: public keys only, cacheable for a minute', async (alg) => {
    const response = await jwksWith(alg);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ alg, use: 'sig' });
    for (const member of PRIVATE_MEMBERS) expect(keys[0]).not.toHaveProperty(member);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
  });
});
