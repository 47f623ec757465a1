// The state on screen is the state on the server, without a click: credentials that run out change
// their pane by themselves (the server's clock tolerance included), each mode speaks for itself, the
// learner's own actions read as results, the sign-in page takes apart what it issued, and visiting the
// demo pages never changes who you are on `/`. Short lifetimes (`fast`) stand in for waiting.
import type { Page } from '@playwright/test';
import { CLOCK_TOLERANCE } from '../lib/auth/jwt-profile';
import { USERS, expect, test, type AuthPage } from './fixtures';

const alice = { username: USERS.alice.username, password: USERS.alice.password };

/** Signs this page's browser in with `fast` lifetimes (idle 5 s, absolute 12 s; access 6 s, refresh 40 s). */
async function signInFast(page: Page, kind: 'session' | 'token') {
  const response = await page.request.post(kind === 'session' ? '/api/session/login' : '/api/token', {
    data: { ...alice, lifetimes: 'fast' },
  });
  expect(response.status()).toBe(200);
}

async function openHome(page: Page, mode: 'session' | 'jwt') {
  await page.addInitScript((m) => window.localStorage.setItem('authlab:mode', m), mode);
  await page.goto('/');
}

test('on /, a session that idles out ends on screen with no click, and the bars ran down to it', async ({ page }) => {
  await signInFast(page, 'session');
  await openHome(page, 'session');
  await expect(page.getByTestId('whoami')).toContainText('Signed in as alice');
  await expect(page.getByTestId('whoami')).toContainText('with a session since');
  const bars = page.getByRole('region', { name: 'Session lifetimes' });
  await expect(bars.getByTestId('bar-idle')).toContainText('left');
  await expect(bars.getByTestId('bar-absolute')).toContainText('left');

  await expect(page.getByTestId('mode-state')).toContainText('the session expired after a period without use', { timeout: 10_000 });
  await expect(page.getByTestId('whoami')).toHaveCount(0);
  await expect(page.getByText('Signed in as alice')).toHaveCount(0);
  // The server agrees: the cookie no longer works.
  expect((await page.request.get('/api/session')).status()).toBe(401);
});

test('on /, a JWT whose renewal is refused works until exp + the clock tolerance, then ends on screen with no click', async ({ page }) => {
  test.setTimeout(45_000);
  await signInFast(page, 'token');
  await openHome(page, 'jwt');
  await expect(page.getByTestId('whoami')).toContainText('Signed in as alice');
  await expect(page.getByRole('region', { name: 'Token lifetimes' }).getByTestId('bar-access')).toContainText('◆ refresh at');

  // Elsewhere, the refresh family is ended: the next scheduled refresh is refused.
  expect((await page.request.post('/api/token/revoke', { data: {} })).status()).toBe(200);
  await expect(page.getByTestId('renewal-refused')).toContainText(`exp + the server's ${CLOCK_TOLERANCE} s clock tolerance`, {
    timeout: 10_000,
  });
  await expect(page.getByTestId('whoami')).toContainText('Signed in as alice');
  await expect(page.getByTestId('mode-state')).toContainText(`after the server's ${CLOCK_TOLERANCE} s clock tolerance`, {
    timeout: 15_000,
  });
  await expect(page.getByTestId('whoami')).toHaveCount(0);
});

test('on /compare, with auto-refresh off, the JWT pane and inspector stop saying "verifies" by themselves', async ({ page }) => {
  await page.goto('/compare');
  await page.getByLabel('Lifetimes').selectOption('fast');
  const jwt = page.getByRole('region', { name: 'JWT pane' });
  await jwt.getByLabel('Auto-refresh').uncheck();
  await jwt.getByRole('button', { name: 'Sign in' }).click();
  await expect(jwt.getByTestId('jwt-status')).toHaveText('Signed in as alice');
  await expect(jwt.getByTestId('jwt-verdict')).toContainText('✓ verifies');
  await expect(jwt.getByTestId('jwt-status')).toContainText(`the server's ${CLOCK_TOLERANCE} s clock tolerance`, { timeout: 10_000 });
  await expect(jwt.getByTestId('jwt-status')).toContainText('Access token expired', { timeout: 10_000 });
  await expect(jwt.getByTestId('jwt-verdict')).toContainText('✗ no longer accepted');
  await expect(jwt.getByTestId('jwt-verdict')).not.toContainText('✓');
  await expect(jwt.getByRole('region', { name: 'Token lifetimes' }).getByTestId('bar-access')).toContainText('refused');
  // The server agrees.
  await jwt.getByRole('button', { name: 'Call /api/me' }).click();
  await expect(jwt.getByRole('region', { name: 'JWT timeline' }).getByRole('listitem').first()).toContainText('→ 401 token_expired');
});

test('on /compare, the session pane says it ended the moment the idle timeout passes', async ({ page }) => {
  await page.goto('/compare');
  await page.getByLabel('Lifetimes').selectOption('fast');
  const session = page.getByRole('region', { name: 'Session pane' });
  await session.getByRole('button', { name: 'Sign in' }).click();
  await expect(session.getByTestId('session-status')).toHaveText('Signed in as alice');
  await expect(session.getByRole('region', { name: 'Session lifetimes' }).getByTestId('bar-idle')).toContainText('left');
  await expect(session.getByTestId('session-status')).toContainText('expired after a period without use', { timeout: 10_000 });
  await expect(session.getByTestId('session-status')).not.toContainText('Signed in as');
});

test('switching modes never looks like a sign-out: each mode says what it holds', async ({ authPage: auth, page }) => {
  await auth.goto();
  await auth.chooseMode('Session');
  await auth.signIn('alice');
  await auth.expectSignedIn('alice', 'Session');
  await auth.chooseMode('JWT');
  await expect(page.getByTestId('mode-state')).toContainText('Not signed in with a JWT yet.');
  await expect(page.getByTestId('mode-state')).toContainText('You are also signed in with a session as alice');
  await expect(page.getByRole('status')).not.toContainText('Error');
  await auth.chooseMode('Session');
  await expect(auth.whoami()).toContainText('with a session since');
});

/** Signs a throwaway user in with a session through the form, so ending its sign-ins touches no other test. */
async function signInThrowaway(auth: AuthPage, page: Page): Promise<{ username: string }> {
  const made = await page.request.post('/api/lab/throwaway');
  expect(made.status()).toBe(201);
  const { user, password } = (await made.json()) as { user: { username: string }; password: string };
  await auth.goto();
  await auth.chooseMode('Session');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(auth.whoami()).toContainText(`Signed in as ${user.username}`);
  return user;
}

test('a sign-out everywhere that fails says the user is not signed out, and keeps them signed in', async ({ authPage: auth, page }) => {
  const user = await signInThrowaway(auth, page);
  // The store misses its budget: the server answers 503 and has ended nothing for sure.
  await page.route('**/api/sessions', (route) =>
    route.request().method() === 'DELETE'
      ? route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'store_unavailable', message: 'The session store is unavailable.' } }),
        })
      : route.fallback(),
  );
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByText('You are not signed out everywhere: The session store is unavailable. Try again.')).toBeVisible();
  await expect(auth.whoami()).toContainText(`Signed in as ${user.username}`);
});

test('signing out everywhere is a result, not an error', async ({ authPage: auth, page }) => {
  await signInThrowaway(auth, page);
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByRole('status')).toContainText('You signed out everywhere');
  await expect(page.getByRole('status')).not.toContainText('Error');
  await expect(page.getByTestId('mode-state')).toContainText('Not signed in with a session yet.');
});

test('the sign-in page takes apart what it issued, with the same inspectors as /compare, and focuses the signed-in panel', async ({
  authPage: auth,
  page,
}) => {
  await auth.goto();
  await auth.chooseMode('Session');
  await auth.signIn('alice');
  await auth.expectSignedIn('alice', 'Session');
  await expect(page.getByTestId('whoami')).toBeVisible();
  expect(await page.evaluate(() => document.activeElement?.contains(document.getElementById('whoami')) ?? false)).toBe(true);
  const session = page.getByRole('region', { name: 'Session inspector' });
  await expect(session.getByTestId('session-cookie')).toContainText('HttpOnly');
  await expect(session.getByTestId('session-seal')).toContainText('never shown to page scripts');
  await expect(session.getByTestId('session-record')).toContainText('alice (admin)');

  await auth.chooseMode('JWT');
  await auth.signIn('alice');
  await auth.expectSignedIn('alice', 'JWT');
  const jwt = page.getByRole('region', { name: 'JWT inspector' });
  await expect(jwt.getByTestId('jwt-verdict')).toContainText('✓ verifies');
  await expect(jwt.getByTestId('jwt-parts').locator('[title="header"]')).toBeVisible();
  await expect(jwt.getByTestId('jwt-parts').locator('[title="signature"]')).toBeVisible();
  await expect(jwt).toContainText('Audience: which API may accept it');
});
