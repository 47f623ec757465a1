import { demoCredentials, expect, test, twoDevicesSignedIn } from './fixtures';

test('device A lists both devices and revokes B; B is told it was signed out elsewhere', async ({ browser }) => {
  const [a, b] = await twoDevicesSignedIn(browser, 'bob', 'Session');
  const bSession = await (await b.page.request.get('/api/session')).json();
  const aSession = await (await a.page.request.get('/api/session')).json();

  const devices = a.page.getByRole('list', { name: 'Active sessions' });
  await a.page.getByRole('button', { name: 'Refresh list' }).click();
  await expect(devices.getByRole('listitem').filter({ hasText: aSession.session.id })).toContainText('This device');
  await expect(devices.getByRole('listitem').filter({ hasText: bSession.session.id })).not.toContainText('This device');
  // The browser and OS come from the user agent (Playwright's desktop profile says Chrome on Windows).
  await expect(devices.getByRole('listitem').filter({ hasText: bSession.session.id })).toContainText('Chrome on Windows');

  await a.page.getByRole('button', { name: `Revoke Chrome on Windows (${bSession.session.id})` }).click();
  await expect(devices.getByRole('listitem').filter({ hasText: bSession.session.id })).toHaveCount(0);

  await b.call('/api/me');
  await expect(b.status()).toHaveText('401 session_revoked');
  await expect(b.page.getByRole('status')).toContainText('You were signed out: This session was revoked from another device');
  await expect(b.page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // A is untouched.
  await a.call('/api/me');
  await expect(a.status()).toHaveText('200 OK');
  await a.page.context().close();
  await b.page.context().close();
});

test("the devices API refuses another user's session id with 404", async ({ playwright, baseURL }) => {
  const alice = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  const bob = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  await alice.post('/api/session/login', { data: demoCredentials('alice') });
  await bob.post('/api/session/login', { data: demoCredentials('bob') });
  const bobId = (await (await bob.get('/api/session')).json()).session.id;
  const attempt = await alice.delete(`/api/sessions/${bobId}`);
  expect(attempt.status()).toBe(404);
  expect((await attempt.json()).error.code).toBe('not_found');
  expect((await bob.get('/api/me')).status()).toBe(200);
  const list = await (await alice.get('/api/sessions')).json();
  expect(list.sessions.some((s: { id: string }) => s.id === bobId)).toBe(false);
  expect(list.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
  await alice.dispose();
  await bob.dispose();
});
