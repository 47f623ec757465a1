import { demoCredentials, expect, test } from './fixtures';

test('hybrid: the session buys a short internal token; after revocation new exchanges fail, the last token lives to its exp', async ({
  signedInAs,
  playwright,
  baseURL,
}) => {
  const auth = await signedInAs('bob', 'Hybrid');
  await expect(auth.page.getByRole('list', { name: 'Which credential crosses which hop' })).toContainText('HttpOnly session cookie');

  await auth.page.getByRole('button', { name: 'Exchange for an internal token' }).click();
  await expect(auth.status()).toHaveText('200 OK');
  await expect(auth.page.getByTestId('internal-token-state')).toContainText(/expires in (1:00|0:5\d)/);
  await auth.page.getByRole('button', { name: 'Call /api/internal/report' }).click();
  await expect(auth.page.getByRole('region', { name: 'Response' })).toContainText('GET /api/internal/report');
  await expect(auth.status()).toHaveText('200 OK');

  // The session cookie itself is no good at the internal route.
  expect((await auth.page.request.get('/api/internal/report')).status()).toBe(401);

  // Revoke this browser's session from "another device" (the API, with a session of bob's own).
  const other = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  await other.post('/api/session/login', { data: demoCredentials('bob') });
  const mine = (await (await auth.page.request.get('/api/session')).json()).session.id;
  expect((await other.delete(`/api/sessions/${mine}`)).status()).toBe(200);
  await other.dispose();

  await auth.page.getByRole('button', { name: 'Exchange for an internal token' }).click();
  await expect(auth.status()).toHaveText('401 session_revoked');
  await expect(auth.page.getByRole('status')).toContainText('You were signed out');
  await auth.page.getByRole('button', { name: 'Call /api/internal/report' }).click();
  await expect(auth.status()).toHaveText('200 OK');
  await expect(auth.page.getByTestId('internal-token-state')).toContainText('expires in');
});
