// Throwaway users: demo features sign in with their own short-lived members, never alice or bob.
import { expect, test } from './fixtures';

test('a throwaway user signs in like a demo user, in both modes, and only with its own password', async ({ request }) => {
  const created = await request.post('/api/lab/throwaway');
  expect(created.status()).toBe(201);
  expect(created.headers()['cache-control']).toContain('no-store');
  const { user, password, expiresAt } = (await created.json()) as {
    user: { id: string; username: string; role: string };
    password: string;
    expiresAt: string;
  };
  expect(user.role).toBe('member');
  expect(user.username).toMatch(/^tmp-[0-9a-f]{16}$/);
  expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);

  const session = await request.post('/api/session/login', { data: { username: user.username, password } });
  expect(session.status()).toBe(200);
  const { session: info } = (await session.json()) as { session: { absoluteExpiresAt: string } };
  // Nothing it signs in with outlives the user.
  expect(Date.parse(info.absoluteExpiresAt)).toBeLessThanOrEqual(Date.parse(expiresAt) + 1_000);
  expect((await (await request.get('/api/me')).json()).user).toEqual(user);

  const token = await request.post('/api/token', { data: { username: user.username, password } });
  expect(token.status()).toBe(200);
  expect(((await token.json()) as { expires_in: number }).expires_in).toBeLessThanOrEqual(600);

  const wrong = await request.post('/api/token', { data: { username: user.username, password: `${password}x` } });
  expect(wrong.status()).toBe(401);
  expect((await wrong.json()).error.code).toBe('invalid_credentials');
});

test('a cross-site page cannot create throwaway users', async ({ request }) => {
  const answer = await request.post('/api/lab/throwaway', { headers: { Origin: 'https://evil.example' } });
  expect(answer.status()).toBe(403);
  expect((await answer.json()).error.code).toBe('csrf_rejected');
});
