import { expect, test, twoDevicesSignedIn } from '../fixtures';
import { setDenylist } from './denylist';

test.afterEach(async ({ request }) => {
  await setDenylist(request, false);
});

test('session mode: "sign out everywhere" ends both devices', async ({ browser }) => {
  const [a, b] = await twoDevicesSignedIn(browser, 'alice', 'Session');
  await a.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(a.page.getByRole('status')).toContainText('You signed out everywhere');
  await expect(a.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await b.call('/api/me');
  await expect(b.status()).toHaveText('401 session_revoked');
  await expect(b.page.getByRole('status')).toContainText('You signed out everywhere');
});

test('JWT mode: "sign out everywhere" ends every refresh family, and with the denylist on every older access token', async ({
  browser,
  request,
}) => {
  await setDenylist(request, true);
  const [a, b] = await twoDevicesSignedIn(browser, 'bob', 'JWT');
  await expect(a.page.getByTestId('denylist-state')).toContainText('On:');
  await a.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(a.page.getByRole('status')).toContainText('Signed out everywhere.');

  // B's access token is older than the sign-out: refused at once; its refresh family is gone too.
  await b.call('/api/me');
  await expect(b.status()).toHaveText('401 invalid_token');
  await expect(b.body()).toContainText('signed out everywhere');
  expect((await b.page.request.post('/api/token/refresh')).status()).toBe(401);
});
