import { demoCredentials, expect, test } from '../fixtures';
import { setDenylist } from './denylist';

test.afterEach(async ({ request }) => {
  await setDenylist(request, false);
});

test('denylist off: the session stops at once, the revoked JWT passes until it expires', async ({ page, request }) => {
  test.setTimeout(60_000);
  await setDenylist(request, false);
  await page.goto('/revocation');
  await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
  await expect(page.getByRole('status')).toContainText(/Signed in as the throwaway user tmp-\S+ with a session token and a JWT/, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Revoke both' }).click();
  // Like with like: the copied session token is refused as revoked, not merely "no credential".
  await expect(page.getByTestId('window-session')).toHaveText(/^refused [01] s after the revoke \(401 session_revoked\)/);
  // A 20 s demo token revoked with the denylist off keeps passing for most of its life, then dies at exp.
  const accepted = page.getByRole('list', { name: 'jwt answers, one a second' }).getByText('accepted');
  await expect.poll(() => accepted.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('window-jwt')).toHaveText(/^refused (1\d|2\d) s after the revoke \(401 token_expired\)/, {
    timeout: 35_000,
  });
});

test('denylist on: the revoked JWT stops at once too', async ({ page, request }) => {
  await setDenylist(request, true);
  await page.goto('/revocation');
  await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
  await expect(page.getByRole('status')).toContainText(/Signed in as the throwaway user tmp-\S+ with a session token and a JWT/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('denylist-state')).toContainText('On:');
  await page.getByRole('button', { name: 'Revoke both' }).click();
  await expect(page.getByTestId('window-session')).toHaveText(/^refused [01] s after the revoke \(401 session_revoked\)/);
  await expect(page.getByTestId('window-jwt')).toHaveText(/^refused [01] s after the revoke \(401 invalid_token\)/);
});

test("the page signs nobody in with a cookie; the denylist switch is the visitor's own admin action, and works after a run", async ({
  page,
  request,
}) => {
  await setDenylist(request, false);
  await page.goto('/revocation');
  await expect(page.getByTestId('denylist-state')).toContainText('closed to you here');
  await expect(page.getByRole('switch', { name: 'Check the JWT denylist' })).toBeDisabled();
  await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
  await expect(page.getByRole('status')).toContainText('Signed in as the throwaway user', { timeout: 30_000 });
  expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);

  // Signed in on / as alice (an admin), the visitor flips it as themselves, after a run too.
  const login = await page.request.post('/api/session/login', { data: demoCredentials('alice') });
  expect(login.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('denylist-state')).toContainText('You take it as yourself: alice (admin)');
  await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
  await expect(page.getByRole('status')).toContainText('Signed in as the throwaway user', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Revoke both' }).click();
  await expect(page.getByTestId('window-session')).toContainText('session_revoked');
  // A controlled switch: it shows On once the server has answered, so click and wait for the answer.
  await page.getByRole('switch', { name: 'Check the JWT denylist' }).click();
  await expect(page.getByTestId('denylist-state')).toContainText('On:');
  expect((await (await request.get('/api/settings')).json()).jwtDenylist).toBe(true);
  const me = await page.request.get('/api/me');
  expect((await me.json()).user.username).toBe('alice');
});
