import { expect, test } from './fixtures';

test('signs in and out with a cookie session through the browser', async ({ signedInAs, page, context }) => {
  const auth = await signedInAs('alice', 'Session');

  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'authlab_session');
  expect(session?.httpOnly).toBe(true);
  expect(['Lax', 'Strict']).toContain(session?.sameSite);
  // The page's scripts cannot see the HttpOnly cookie.
  expect(await page.evaluate(() => document.cookie)).not.toContain('authlab_session');

  await auth.call('/api/me');
  await expect(auth.status()).toHaveText('200 OK');
  await expect(auth.body()).toContainText('"mode": "session"');
  await expect(auth.body()).toContainText('"username": "alice"');

  await auth.signOut();
  const after = await page.request.get('/api/me');
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe('unauthenticated');
});

test('a session survives a page reload and a copied cookie dies at sign-out', async ({
  signedInAs,
  page,
  context,
  playwright,
  baseURL,
}) => {
  const auth = await signedInAs('bob', 'Session');
  await page.reload();
  await auth.expectSignedIn('bob', 'Session');
  const copied = (await context.cookies()).find((c) => c.name === 'authlab_session');
  expect(copied).toBeDefined();

  await auth.signOut();
  const thief = await playwright.request.newContext({
    ...(baseURL ? { baseURL } : {}),
    extraHTTPHeaders: { Cookie: `authlab_session=${copied?.value}` },
  });
  const replay = await thief.get('/api/me');
  expect(replay.status()).toBe(401);
  expect((await replay.json()).error.code).toBe('session_revoked');
  await thief.dispose();
});
