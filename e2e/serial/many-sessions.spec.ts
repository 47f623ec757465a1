// Issue #20: a user with 20,000 live sessions can still list them and sign out everywhere, and every one ends.
import { seedSessions } from '../../lib/auth/seed-sessions';
import { demoCredentials, expect, test, USERS } from '../fixtures';
import { testStore } from './store';

const COUNT = 20_000;

test('20,000 sessions of one user: listed in pages with the total, signed out everywhere (200), every one refused', async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { redis, sessionPassword } = testStore();
  const owner = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  expect((await owner.post('/api/session/login', { data: demoCredentials('bob') })).status()).toBe(200);
  // bob's sessions from the specs before this one (this one's included) are counted alongside the seeded ones.
  const before = (await (await owner.get('/api/sessions?limit=1')).json()) as { total: number };
  expect(before.total).toBeGreaterThanOrEqual(1);
  const { cookies } = await seedSessions(redis, {
    users: [{ id: USERS.bob.id, username: USERS.bob.username, role: USERS.bob.role }],
    count: COUNT,
    settings: { sessionPassword, idleTtl: 1_800, absoluteTtl: 43_200 },
    sample: 50,
  });
  expect(cookies).toHaveLength(50);

  const first = await owner.get('/api/sessions?limit=100');
  expect(first.status()).toBe(200);
  const page = await first.json();
  expect(page.total).toBe(COUNT + before.total);
  expect(page.sessions).toHaveLength(100);
  expect(typeof page.next).toBe('string');
  const second = await (await owner.get(`/api/sessions?limit=100&cursor=${encodeURIComponent(page.next)}`)).json();
  expect(second.sessions).toHaveLength(100);
  const ids = new Set([...page.sessions, ...second.sessions].map((s: { id: string }) => s.id));
  expect(ids.size).toBe(200);
  expect((await owner.get('/api/sessions?limit=101')).status()).toBe(400);
  expect((await owner.get('/api/sessions?cursor=nonsense')).status()).toBe(400);

  const everywhere = await owner.delete('/api/sessions');
  expect(everywhere.status()).toBe(200);
  expect((await everywhere.json()).revoked).toBe(COUNT + before.total);

  const client = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  for (const { cookieValue } of cookies) {
    const res = await client.get('/api/me', { headers: { Cookie: `authlab_session=${cookieValue}` } });
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe('session_revoked');
  }
  expect(await redis.zcard(`user:${USERS.bob.id}:session-index`)).toBe(0);
  await client.dispose();
  await owner.dispose();
});
