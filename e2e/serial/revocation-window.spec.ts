import { expect, test } from '../fixtures';
import { setDenylist } from './denylist';

test.afterEach(async ({ request }) => {
  await setDenylist(request, false);
});

test('denylist off: the session stops at once, the revoked JWT passes until it expires', async ({ page, request }) => {
  test.setTimeout(60_000);
  await setDenylist(request, false);
  await page.goto('/revocation');
  await page.getByRole('button', { name: 'Sign in both as alice' }).click();
  await expect(page.getByRole('status')).toContainText('Signed in with a session cookie and a JWT');
  await page.getByRole('button', { name: 'Revoke both' }).click();
  await expect(page.getByTestId('window-session')).toHaveText(/^refused [01] s after the revoke \(401/);
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
  await page.getByRole('button', { name: 'Sign in both as alice' }).click();
  await expect(page.getByRole('status')).toContainText('Signed in with a session cookie and a JWT');
  await expect(page.getByTestId('denylist-state')).toContainText('On:');
  await page.getByRole('button', { name: 'Revoke both' }).click();
  await expect(page.getByTestId('window-session')).toHaveText(/^refused [01] s after the revoke/);
  await expect(page.getByTestId('window-jwt')).toHaveText(/^refused [01] s after the revoke \(401 invalid_token\)/);
});
