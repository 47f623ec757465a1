import { expect, test } from './fixtures';

test('each mode keeps its own sign-in, and the switch shows which one is in use', async ({ authPage: auth, page }) => {
  await auth.goto();
  await auth.chooseMode('Session');
  await auth.signIn('alice');
  await auth.expectSignedIn('alice', 'Session');

  await auth.chooseMode('JWT');
  await expect(page.getByRole('radio', { name: 'JWT', exact: true })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await auth.signIn('bob');
  await auth.expectSignedIn('bob', 'JWT');
  await auth.call('/api/me');
  await expect(auth.body()).toContainText('"username": "bob"');

  await auth.chooseMode('Session');
  await auth.expectSignedIn('alice', 'Session');
  await auth.call('/api/me');
  await expect(auth.body()).toContainText('"username": "alice"');
  await expect(auth.body()).toContainText('"mode": "session"');
});

test('a wrong password is refused with a message, in both modes', async ({ authPage: auth, page }) => {
  for (const mode of ['Session', 'JWT'] as const) {
    await auth.goto();
    await auth.chooseMode(mode);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('status')).toContainText('The username or password is not right.');
    await expect(auth.whoami()).toHaveCount(0);
  }
});
