import { expect, test, throwawayUser, twoDevicesSignedIn } from '../fixtures';
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
  // Two browsers signing in through the page, the denylist switched on and off: 20-30 s on a loaded 2-core machine.
  test.setTimeout(60_000);
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

test('with the denylist on, a sign-in right after "sign out everywhere" works at once (JWT, and the hybrid exchange): its token is not cut off with the old ones', async ({
  request,
  playwright,
  baseURL,
}) => {
  await setDenylist(request, true);
  const device = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  const user = await throwawayUser(device);
  const signIn = async () => {
    const answer = await device.post('/api/token', { data: { username: user.username, password: user.password } });
    expect(answer.status()).toBe(200);
    return ((await answer.json()) as { access_token: string }).access_token;
  };
  const me = (token: string) => device.get('/api/me', { headers: { Authorization: `Bearer ${token}` } });
  const exchanged = async (round: number) => {
    // The hybrid: a session signed in now, exchanged at once, gives an internal token that works.
    const session = await device.post('/api/session/login', { data: { username: user.username, password: user.password } });
    expect(session.status()).toBe(200);
    const exchange = await device.post('/api/session/exchange');
    expect(exchange.status()).toBe(200);
    const internal = ((await exchange.json()) as { access_token: string }).access_token;
    const report = await device.get('/api/internal/report', { headers: { Authorization: `Bearer ${internal}` } });
    expect(report.status(), `round ${round}: the new session's internal token`).toBe(200);
  };
  // Several rounds, each signing in again in the same second as its sign-out (a whole-second iat would say "before" it):
  // the JWT sign-in first in even rounds, the hybrid exchange first in odd ones.
  for (let round = 0; round < 4; round += 1) {
    const old = await signIn();
    expect(
      (await device.post('/api/token/revoke', { data: { everywhere: true }, headers: { Authorization: `Bearer ${old}` } })).status(),
    ).toBe(200);
    if (round % 2 === 1) await exchanged(round);
    const fresh = await signIn();
    expect((await me(old)).status(), `round ${round}: the old token`).toBe(401);
    expect((await me(fresh)).status(), `round ${round}: the new sign-in's token`).toBe(200);
    if (round % 2 === 0) await exchanged(round);
  }
  await device.dispose();
});
