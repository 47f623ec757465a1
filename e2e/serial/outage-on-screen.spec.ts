// A store outage on `/` reads as an outage, never as a sign-out: the signed-in session user sees the
// 503 and its Retry-After, keeps the cookie, and the page comes back by itself when the store does.
import { USERS, expect, test } from '../fixtures';

test('on /, an outage shows "signed in, but the store can\'t be reached", then recovers with no click', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const admin = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  const issued = await admin.post('/api/token', { data: { username: USERS.alice.username, password: USERS.alice.password } });
  expect(issued.status()).toBe(200);
  const bearer = { Authorization: `Bearer ${(await issued.json()).access_token as string}` };
  const outage = (seconds: number) => admin.post('/api/admin/store-outage', { headers: bearer, data: { seconds, mode: 'refuse' } });

  await page.addInitScript(() => window.localStorage.setItem('authlab:mode', 'session'));
  await page.goto('/');
  await page.getByLabel('Username').fill(USERS.bob.username);
  await page.getByLabel('Password').fill(USERS.bob.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('whoami')).toContainText('Signed in as bob');

  try {
    expect((await outage(6)).status()).toBe(200);
    await page.reload();
    const pane = page.getByTestId('session-outage');
    await expect(pane).toContainText("Signed in with a session cookie, but the store can't be reached right now");
    await expect(pane).toContainText('503 store_unavailable, Retry-After');
    await expect(page.getByTestId('store-outage')).toContainText('This is an outage, not a sign-out');
    await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
    expect((await page.context().cookies()).some((c) => c.name === 'authlab_session')).toBe(true);

    // The outage ends by itself; the page notices on its own (readiness polled with backoff).
    await expect(page.getByTestId('whoami')).toContainText('Signed in as bob', { timeout: 30_000 });
    await expect(page.getByTestId('store-back')).toBeVisible();
    await expect(pane).toHaveCount(0);
  } finally {
    await outage(0);
    await admin.dispose();
  }
});
