import { expect, test } from './fixtures';

test('signs in and out with a JWT through the browser', async ({ signedInAs, page }) => {
  const auth = await signedInAs('alice', 'JWT');

  await auth.call('/api/me');
  await expect(auth.status()).toHaveText('200 OK');
  await expect(auth.body()).toContainText('"mode": "jwt"');
  await expect(auth.body()).toContainText('"alg": "ES256"');

  // The access token lives in memory only: nothing of it in Web Storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage }));
  expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);

  await auth.signOut();
  await auth.call('/api/me');
  await expect(auth.status()).toHaveText('401 unauthenticated');
});

test('a reload keeps JWT mode signed in through the HttpOnly refresh cookie', async ({ signedInAs, page, context }) => {
  const auth = await signedInAs('bob', 'JWT');
  const refresh = (await context.cookies()).find((c) => c.name === 'authlab_refresh');
  expect(refresh?.httpOnly).toBe(true);
  expect(refresh?.path).toBe('/api/token');
  await page.reload();
  await auth.expectSignedIn('bob', 'JWT');
});
