import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStore } from '../../../../test/store';

let store: Awaited<ReturnType<typeof startTestStore>>;
/** Stands in for a real Upstash: it knows nothing of the outage switch. */
let foreign: Server;
let foreignUrl: string;

beforeAll(async () => {
  store = await startTestStore();
  foreign = createServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await store.close();
  await new Promise((resolve) => foreign.close(resolve));
});
afterEach(async () => {
  await fetch(`${store.url}/_admin/outage`, { method: 'POST', headers: { Authorization: `Bearer ${store.token}` }, body: '{"seconds":0}' });
  vi.unstubAllEnvs();
});

const ctx = { params: Promise.resolve({}) };
const alice = { id: 'u_alice', username: 'alice', role: 'admin' as const };
const bob = { id: 'u_bob', username: 'bob', role: 'member' as const };

/** The route as a fresh server process loads it, on the test store (or another URL). */
async function load(storeUrl = store.url) {
  vi.resetModules();
  for (const [name, value] of Object.entries({
    JWT_ALG: 'HS256',
    JWT_SECRET: 's'.repeat(40),
    SESSION_PASSWORD: 'p'.repeat(32),
    UPSTASH_REDIS_REST_URL: storeUrl,
    UPSTASH_REDIS_REST_TOKEN: store.token,
  })) {
    vi.stubEnv(name, value);
  }
  const route = await import('./route');
  const { getConfig } = await import('@/lib/config');
  const { signIdentity } = await import('@/lib/auth/forwarded-identity');
  const { getKeyRing } = await import('@/lib/auth/keys');
  const { issueToken } = await import('@/lib/auth/jwt');
  const config = getConfig();
  return {
    ...route,
    /** Headers as the middleware forwards them for a verified user. */
    forwarded: async (user: typeof alice | typeof bob) => {
      const headers = new Headers({ 'Content-Type': 'application/json' });
      signIdentity(headers, { user, mode: 'jwt' }, config.sessionPassword);
      return headers;
    },
    bearer: async (user: typeof alice | typeof bob) =>
      new Headers({
        'Content-Type': 'application/json',
        Authorization: `Bearer ${(await issueToken(user, { ring: await getKeyRing(config), config, ttl: 60 })).token}`,
      }),
  };
}

const post = (headers: Headers, body: unknown) =>
  new Request('http://authlab.test/api/admin/store-outage', { method: 'POST', headers, body: JSON.stringify(body) });
const get = () => new Request('http://authlab.test/api/admin/store-outage');

describe('/api/admin/store-outage', () => {
  it('GET says the built-in store is up, with no credential needed', async () => {
    const { GET } = await load();
    const response = await GET(get(), ctx);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ available: true, backend: 'memory', outage: null, reachable: true });
  });

  it('POST needs a credential, and the admin role', async () => {
    const { POST } = await load();
    const none = await POST(post(new Headers({ 'Content-Type': 'application/json' }), { seconds: 5 }), ctx);
    expect(none.status).toBe(401);
    const member = await load();
    expect((await member.POST(post(await member.forwarded(bob), { seconds: 5 }), ctx)).status).toBe(403);
    expect((await member.POST(post(await member.bearer(bob), { seconds: 5 }), ctx)).status).toBe(403);
  });

  it('an admin takes the store down by the identity the middleware forwards', async () => {
    const route = await load();
    const down = await route.POST(post(await route.forwarded(alice), { seconds: 30, mode: 'refuse' }), ctx);
    expect(down.status).toBe(200);
    expect((await down.json()).outage).toMatchObject({ mode: 'refuse' });
    expect((await (await route.GET(get(), ctx)).json()).outage).toMatchObject({ mode: 'refuse' });
  });

  it('with no forwarded identity the handler checks the bearer token itself, and it still works while the store hangs', async () => {
    const route = await load();
    const down = await route.POST(post(await route.bearer(alice), { seconds: 30, mode: 'hang' }), ctx);
    expect(down.status).toBe(200);
    // The denylist check is off and this process has read that: the admin's JWT needs no store to end the outage.
    const up = await route.POST(post(await route.bearer(alice), { seconds: 0 }), ctx);
    expect(up.status).toBe(200);
    expect((await up.json()).outage).toBeNull();
  });

  it('the admin who started a drill ends it with its end key, with the denylist on and a session whose check needs the store', async () => {
    vi.stubEnv('JWT_DENYLIST', 'on');
    const route = await load();
    for (const mode of ['refuse', 'hang'] as const) {
      const down = await route.POST(post(await route.forwarded(alice), { seconds: 60, mode }), ctx);
      expect(down.status).toBe(200);
      const { endKey } = (await down.json()) as { endKey: string };
      expect(endKey).toMatch(/^[\w-]+\.\d+\.[\w-]{43}$/);
      if (mode === 'refuse') {
        // Without the key even the admin's own JWT can't end it: the denylist check needs the store.
        const byToken = await route.POST(post(await route.bearer(alice), { seconds: 0 }), ctx);
        expect(byToken.status).toBe(503);
      }
      // No credential at all, only the key: nothing that needs the store is checked.
      const withKey = (body: unknown, key = endKey) =>
        post(new Headers({ 'Content-Type': 'application/json', 'Outage-End-Key': key }), body);
      // The key ends the drill and does nothing else.
      expect((await route.POST(withKey({ seconds: 30 }), ctx)).status).toBe(403);
      const tampered = endKey.slice(0, -2) + (endKey.endsWith('AA') ? 'BB' : 'AA');
      expect((await route.POST(withKey({ seconds: 0 }, tampered), ctx)).status).toBe(403);
      expect((await route.POST(withKey({ seconds: 0 }, 'nonsense'), ctx)).status).toBe(403);
      const up = await route.POST(withKey({ seconds: 0 }), ctx);
      expect(up.status).toBe(200);
      expect((await up.json()).outage).toBeNull();
    }
  });

  it('an end key is bound to the session password and expires a minute after its drill would have ended', async () => {
    const { mintEndKey, checkEndKey, END_KEY_SLACK_MS } = await import('@/lib/store/outage-end-key');
    const password = 'p'.repeat(32);
    const key = mintEndKey('u_alice', 1_000_000, password);
    expect(checkEndKey(key, password, 1_000_000 + END_KEY_SLACK_MS)).toBe('u_alice');
    expect(() => checkEndKey(key, password, 1_000_001 + END_KEY_SLACK_MS)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => checkEndKey(key, 'q'.repeat(32), 1_000_000)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    const later = key.replace('.1000000.', '.9000000.');
    expect(() => checkEndKey(later, password, 1_000_000)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('refuses a bad body with 400 naming the field', async () => {
    const route = await load();
    const response = await route.POST(post(await route.forwarded(alice), { seconds: 100_000 }), ctx);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('seconds');
  });

  it('says the switch is unavailable with an external Upstash, and POST is 409', async () => {
    const route = await load(foreignUrl);
    const state = await (await route.GET(get(), ctx)).json();
    expect(state).toMatchObject({ available: false, reachable: true });
    expect(state.reason).toContain('only in the built-in store');
    const response = await route.POST(post(await route.forwarded(alice), { seconds: 5 }), ctx);
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('conflict');
  });
});
