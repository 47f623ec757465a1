// /compare with any two cells side by side: each pane's choice (credential × where it travels), both
// signed in at once (every pair of different cells: each cell has cookies of its own and each pane names
// its cell), /api/me judged in each pane's own cell (on screen and on the wire), revoking one leaving the
// other live, the pair kept in the URL, bad query values falling back, and the same cookie cell twice
// explained and blocked. e2e/cells-coexist.spec.ts walks all 21 pairs over HTTP.
import type { Locator, Page, Response } from '@playwright/test';
import { demoCredentials, expect, test } from './fixtures';
import { expectNoSeriousFindings, expectNothingHiddenSideways } from './axe';

type Credential = 'Session id' | 'JWT';
type Carried = 'Cookie' | 'Header' | 'Both';

const pane = (page: Page, side: 'a' | 'b') => page.getByTestId(`pane-${side}`);

async function choose(p: Locator, credential: Credential, carried: Carried) {
  await p.getByRole('group', { name: 'Credential' }).getByRole('radio', { name: credential, exact: true }).check();
  await p.getByRole('group', { name: 'Carried in' }).getByRole('radio', { name: carried, exact: true }).check();
}

const statusOf = (p: Locator) => p.getByRole('status');
/** A sign-in computes a slow password hash: on a machine busy with other workers it can take several seconds. */
const expectSignedIn = (p: Locator) => expect(statusOf(p)).toHaveText('Signed in as alice', { timeout: 15_000 });

/** Clicks the pane's "Call /api/me" and returns the answer as it came back (its request as the browser sent it). */
async function callMe(page: Page, p: Locator): Promise<Response> {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/me');
  await p.getByRole('button', { name: 'Call /api/me' }).click();
  return answered;
}

async function expectJudgedAs(response: Response, mode: 'session' | 'jwt', transport: 'cookie' | 'header' | 'both') {
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { auth: { mode: string; transport: string } };
  expect(body.auth).toMatchObject({ mode, transport });
}

test('JWT in a cookie beside a session token in a header: both live, each /api/me in its own cell, revoking one leaves the other', async ({
  page,
  context,
}) => {
  await page.goto('/compare');
  const a = pane(page, 'a');
  const b = pane(page, 'b');
  await choose(a, 'JWT', 'Cookie');
  await choose(b, 'Session id', 'Header');
  await expect(page).toHaveURL(/\/compare\?a=jwt-cookie&b=session-header$/);
  await expect(a.getByRole('heading', { level: 2 })).toContainText('JWT in a cookie');
  await expect(b.getByRole('heading', { level: 2 })).toContainText('Session id in a header');
  await expect(page.getByTestId('pair-clash')).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign in both' }).click();
  await expectSignedIn(a);
  await expectSignedIn(b);
  // While signed in, a pane's cell is locked to the credential it holds.
  await expect(a.getByRole('radio', { name: 'Header', exact: true })).toBeDisabled();

  const fromA = await callMe(page, a);
  await expectJudgedAs(fromA, 'jwt', 'cookie');
  const sentA = await fromA.request().allHeaders();
  expect(sentA.authorization).toBeUndefined();
  expect(sentA.cookie).toMatch(/(^|; )authlab_access=/);
  await expect(a.getByTestId('me-cell')).toHaveText(/mode jwt, carried in Cookie: this pane's cell ✓/);
  await expect(a.getByRole('region', { name: 'JWT timeline' })).toContainText('GET /api/me with the access-token cookie → 200');
  // The page never sees a cookie JWT's header: the verdict is the server's, with nothing made up.
  await expect(a.getByTestId('jwt-verdict')).toContainText('✓ verifies (checked by the server');
  await expect(a.getByTestId('jwt-verdict')).not.toContainText('undefined');

  const fromB = await callMe(page, b);
  await expectJudgedAs(fromB, 'session', 'header');
  const sentB = await fromB.request().allHeaders();
  expect(sentB.authorization).toMatch(/^Bearer sess_[\w-]{43}$/);
  expect(sentB.cookie).toBeUndefined();
  await expect(b.getByTestId('me-cell')).toHaveText(/mode session, carried in Header: this pane's cell ✓/);

  // Revoke A: its access cookie is gone from the jar, and B still answers in its own cell.
  await a.getByRole('button', { name: 'Sign out' }).click();
  await expect(statusOf(a)).toHaveText('Signed out.');
  expect((await context.cookies()).map((c) => c.name)).not.toContain('authlab_access');
  await expect(a.getByRole('button', { name: 'Call /api/me' })).toBeDisabled();
  await expectJudgedAs(await callMe(page, b), 'session', 'header');
  await expectSignedIn(b);

  // Revoke B: the server refuses its token from now on (replayed outside the page).
  await b.getByRole('button', { name: 'Sign out' }).click();
  await expect(statusOf(b)).toHaveText('Signed out.');
  const replay = await page.request.get('/api/me', { headers: { Authorization: sentB.authorization ?? '' } });
  expect(replay.status()).toBe(401);
});

test('double session id beside a JWT in a header: both live; after a reload the URL keeps the pair and each pane says what survived', async ({
  page,
}) => {
  await page.goto('/compare?a=session-both&b=jwt-header');
  const a = pane(page, 'a');
  const b = pane(page, 'b');
  await expect(a.getByRole('group', { name: 'Carried in' }).getByRole('radio', { name: 'Both' })).toBeChecked();
  await expect(b.getByRole('group', { name: 'Credential' }).getByRole('radio', { name: 'JWT' })).toBeChecked();
  await page.getByRole('button', { name: 'Sign in both' }).click();
  await expectSignedIn(a);
  await expectSignedIn(b);

  const fromA = await callMe(page, a);
  await expectJudgedAs(fromA, 'session', 'both');
  const sentA = await fromA.request().allHeaders();
  expect(sentA.authorization).toMatch(/^Bearer pair_[\w-]{43}$/);
  expect(sentA.cookie).toMatch(/(^|; )authlab_session_both=/);
  expect(sentA['authlab-cell']).toBe('session-both');
  const fromB = await callMe(page, b);
  await expectJudgedAs(fromB, 'jwt', 'header');
  expect((await fromB.request().allHeaders()).cookie).toBeUndefined();
  await expect(a.getByTestId('me-cell')).toContainText("this pane's cell ✓");
  await expect(b.getByTestId('me-cell')).toContainText("this pane's cell ✓");

  await page.reload();
  await expect(page).toHaveURL(/\?a=session-both&b=jwt-header$/);
  await expect(a.getByRole('group', { name: 'Carried in' }).getByRole('radio', { name: 'Both' })).toBeChecked();
  // The header half lived in the page's memory: the pane says it is gone, never "signed in".
  await expect(statusOf(a)).toContainText('The header half of your double session id');
  await expect(statusOf(a)).not.toContainText('Signed in as');
  await expect(a.getByRole('button', { name: 'Call /api/me' })).toBeDisabled();
  // The refresh cookie brings the JWT pane a new access token, in its own cell.
  await expectSignedIn(b);
  await expect(b.getByRole('region', { name: 'JWT timeline' })).toContainText('the refresh cookie brought a new one');
  await expectJudgedAs(await callMe(page, b), 'jwt', 'header');
});

test('bad query values fall back to the default pair without an error', async ({ page }) => {
  for (const query of ['?a=nonsense&b=jwt-sideways', '?a=JWT-COOKIE', '?a=jwt-cookie&a=jwt-both&b=', '?b=%3Cscript%3E']) {
    const response = await page.goto(`/compare${query}`);
    expect(response?.status(), query).toBe(200);
    const a = pane(page, 'a');
    const b = pane(page, 'b');
    await expect(a.getByRole('group', { name: 'Credential' }).getByRole('radio', { name: 'Session id' }), query).toBeChecked();
    await expect(a.getByRole('group', { name: 'Carried in' }).getByRole('radio', { name: 'Cookie' }), query).toBeChecked();
    await expect(b.getByRole('group', { name: 'Credential' }).getByRole('radio', { name: 'JWT' }), query).toBeChecked();
    await expect(b.getByRole('group', { name: 'Carried in' }).getByRole('radio', { name: 'Header' }), query).toBeChecked();
    await expect(page.getByTestId('pair-clash')).toHaveCount(0);
  }
  // One good side is kept, the bad one falls back alone.
  await page.goto('/compare?a=zzz&b=session-both');
  await expect(pane(page, 'a').getByRole('group', { name: 'Carried in' }).getByRole('radio', { name: 'Cookie' })).toBeChecked();
  await expect(pane(page, 'b').getByRole('group', { name: 'Carried in' }).getByRole('radio', { name: 'Both' })).toBeChecked();
  await expect(pane(page, 'b').getByRole('group', { name: 'Credential' }).getByRole('radio', { name: 'Session id' })).toBeChecked();
});

/** Signs both panes in, calls /api/me in each, and checks each answer on the wire and on screen is the pane's own cell. */
async function bothLive(page: Page, cells: Record<'a' | 'b', [Credential, 'session' | 'jwt', Carried, 'cookie' | 'header' | 'both']>) {
  await expect(page.getByTestId('pair-clash')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign in both' }).click();
  for (const side of ['a', 'b'] as const) await expectSignedIn(pane(page, side));
  for (const side of ['a', 'b'] as const) {
    const [, mode, carried, transport] = cells[side];
    const p = pane(page, side);
    const answer = await callMe(page, p);
    await expectJudgedAs(answer, mode, transport);
    // The pane names its cell on the wire: the server reads that cell's cookies, not the neighbour's.
    expect((await answer.request().allHeaders())['authlab-cell']).toBe(`${mode}-${transport}`);
    await expect(p.getByTestId('me-cell')).toHaveText(new RegExp(`mode ${mode}, carried in ${carried}: this pane's cell ✓`));
  }
}

test('a session cookie beside a JWT cookie (once blocked): both live, each /api/me in its own cell, signing one out leaves the other', async ({
  page,
  context,
}) => {
  await page.goto('/compare?a=session-cookie&b=jwt-cookie');
  await bothLive(page, { a: ['Session id', 'session', 'Cookie', 'cookie'], b: ['JWT', 'jwt', 'Cookie', 'cookie'] });
  const names = (await context.cookies()).map((c) => c.name);
  for (const name of ['authlab_session', 'authlab_access', 'authlab_refresh_cookie', 'authlab_cell']) expect(names).toContain(name);

  const a = pane(page, 'a');
  const b = pane(page, 'b');
  await a.getByRole('button', { name: 'Sign out' }).click();
  await expect(statusOf(a)).toHaveText('Signed out.');
  expect((await context.cookies()).map((c) => c.name)).not.toContain('authlab_session');
  await expectJudgedAs(await callMe(page, b), 'jwt', 'cookie');
  // A refresh in B rotates B's own refresh cookie, and B's calls stay in its cell.
  await b.getByRole('button', { name: 'Refresh now' }).click();
  await expect(b.getByRole('region', { name: 'JWT timeline' })).toContainText('Refreshed (manual)');
  await expectJudgedAs(await callMe(page, b), 'jwt', 'cookie');
});

test('two JWTs, a header one and a cookie one (once blocked): both live and refresh their own families', async ({ page, context }) => {
  await page.goto('/compare?a=jwt-header&b=jwt-cookie');
  await bothLive(page, { a: ['JWT', 'jwt', 'Header', 'header'], b: ['JWT', 'jwt', 'Cookie', 'cookie'] });
  const names = (await context.cookies()).map((c) => c.name);
  expect(names).toContain('authlab_refresh');
  expect(names).toContain('authlab_refresh_cookie');
  const a = pane(page, 'a');
  const b = pane(page, 'b');
  // Each pane refreshes by its own refresh cookie, one after the other: neither sees reuse, neither adopts the other's token.
  for (const p of [a, b, a, b]) {
    const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/token/refresh');
    await p.getByRole('button', { name: 'Refresh now' }).click();
    expect((await refreshed).status()).toBe(200);
  }
  await expectJudgedAs(await callMe(page, a), 'jwt', 'header');
  await expectJudgedAs(await callMe(page, b), 'jwt', 'cookie');
  await expect(a.getByRole('region', { name: 'JWT timeline' })).not.toContainText('Took the access token');
  await expect(b.getByRole('region', { name: 'JWT timeline' })).not.toContainText('Took the access token');
  await b.getByRole('button', { name: 'Sign out' }).click();
  await expect(statusOf(b)).toHaveText('Signed out.');
  await expectSignedIn(a);
  await expectJudgedAs(await callMe(page, a), 'jwt', 'header');
});

test('split JWT beside a double session id: both live', async ({ page }) => {
  await page.goto('/compare?a=jwt-both&b=session-both');
  await bothLive(page, { a: ['JWT', 'jwt', 'Both', 'both'], b: ['Session id', 'session', 'Both', 'both'] });
});

test('the same cookie cell twice: the page says why one browser holds it once, and blocks the second sign-in', async ({ page }) => {
  // Two slow sign-ins (password hashing on a shared machine) and an axe pass.
  test.setTimeout(60_000);
  await page.goto('/compare?a=session-both&b=session-both');
  const a = pane(page, 'a');
  const b = pane(page, 'b');
  const clash = page.getByTestId('pair-clash');
  await expect(clash).toContainText("The same cell twice can't be signed in twice in one browser");
  await expect(clash).toContainText('authlab_session_both');
  await expect(page.getByRole('button', { name: 'Sign in both' })).toBeDisabled();

  await a.getByRole('button', { name: 'Sign in' }).click();
  await expectSignedIn(a);
  const blocked = b.getByRole('button', { name: 'Sign in' });
  await expect(blocked).toBeDisabled();
  await expect(blocked).toHaveAccessibleDescription(/a browser holds one cookie of a name/);
  await expectNoSeriousFindings(page);

  // Once A lets go, B may sign in, and then A is the one blocked.
  await a.getByRole('button', { name: 'Sign out' }).click();
  await expect(statusOf(a)).toHaveText('Signed out.');
  await blocked.click();
  await expectSignedIn(b);
  await expect(a.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  await expectJudgedAs(await callMe(page, b), 'session', 'both');

  // Choosing another cell lifts the block at once: any two different cells are live together.
  await choose(a, 'JWT', 'Header');
  await expect(clash).toHaveCount(0);
  await expect(page).toHaveURL(/\?a=jwt-header&b=session-both$/);
  await expect(a.getByRole('button', { name: 'Sign in' })).toBeEnabled();
});

test('two header sessions, one per pane: separate sessions, and ending one leaves the other', async ({ page }) => {
  await page.goto('/compare?a=session-header&b=session-header');
  const a = pane(page, 'a');
  const b = pane(page, 'b');
  await page.getByRole('button', { name: 'Sign in both' }).click();
  await expectSignedIn(a);
  await expectSignedIn(b);
  const sentA = await (await callMe(page, a)).request().allHeaders();
  const sentB = await (await callMe(page, b)).request().allHeaders();
  expect(sentA.authorization).toMatch(/^Bearer sess_/);
  expect(sentB.authorization).toMatch(/^Bearer sess_/);
  expect(sentA.authorization).not.toBe(sentB.authorization);
  await a.getByRole('button', { name: 'Sign out' }).click();
  await expect(statusOf(a)).toHaveText('Signed out.');
  await expectJudgedAs(await callMe(page, b), 'session', 'header');
});

test('the choice works from the keyboard: arrow keys move within a group, and the URL follows', async ({ page }) => {
  await page.goto('/compare');
  const a = pane(page, 'a');
  const cookie = a.getByRole('group', { name: 'Carried in' }).getByRole('radio', { name: 'Cookie', exact: true });
  await cookie.focus();
  await page.keyboard.press('ArrowRight');
  const header = a.getByRole('group', { name: 'Carried in' }).getByRole('radio', { name: 'Header', exact: true });
  await expect(header).toBeChecked();
  await expect(header).toBeFocused();
  await expect(page).toHaveURL(/\?a=session-header&b=jwt-header$/);
  // Tab leaves the group for the next one: the credential of the same pane is reached by Shift+Tab.
  await page.keyboard.press('Shift+Tab');
  await expect(a.getByRole('group', { name: 'Credential' }).getByRole('radio', { name: 'Session id' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(a.getByRole('group', { name: 'Credential' }).getByRole('radio', { name: 'JWT' })).toBeChecked();
  // The header JWT twice: the page says why (its one refresh cookie), without a click.
  await expect(page.getByTestId('pair-clash')).toContainText('authlab_refresh');
});

test('non-diagonal panes expire on screen: a header session idles out, a split JWT runs past exp with auto-refresh off', async ({
  page,
}) => {
  await page.goto('/compare?a=session-header&b=jwt-both');
  await page.getByLabel('Lifetimes').selectOption('fast');
  const a = pane(page, 'a');
  const b = pane(page, 'b');
  await b.getByLabel('Auto-refresh').uncheck();
  await page.getByRole('button', { name: 'Sign in both' }).click();
  await expectSignedIn(a);
  await expectSignedIn(b);
  await expect(statusOf(a)).toContainText('expired after a period without use', { timeout: 15_000 });
  await expect(statusOf(a)).not.toContainText('Signed in as');
  await expect(statusOf(b)).toContainText('Access token expired', { timeout: 15_000 });
  await expect(b.getByTestId('jwt-verdict')).toContainText('✗ no longer accepted');
});

test('a JWT cookie pane restores beside a session cookie the same browser signed in after it', async ({ page }) => {
  // This browser signed in with a JWT in a cookie, then with a session cookie: both stay (each cell has its own cookies).
  const jwt = await page.request.post('/api/token', { data: { ...demoCredentials('alice'), transport: 'cookie' } });
  expect(jwt.status()).toBe(200);
  const session = await page.request.post('/api/session/login', { data: { ...demoCredentials('alice'), transport: 'cookie' } });
  expect(session.status()).toBe(200);

  await page.goto('/compare?a=session-cookie&b=jwt-cookie');
  const a = pane(page, 'a');
  const b = pane(page, 'b');
  // Both panes find their own cell's credential; the cookie JWT's /api/me names its cell, so the session cookie doesn't shadow it.
  await expectSignedIn(a);
  await expectSignedIn(b);
  await expect(b.getByTestId('me-cell')).toContainText("mode jwt, carried in Cookie: this pane's cell ✓");
  await expectJudgedAs(await callMe(page, a), 'session', 'cookie');
  await expectJudgedAs(await callMe(page, b), 'jwt', 'cookie');
});

test.describe('phone width', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('two non-diagonal panes signed in fit 360 px and pass axe', async ({ page }) => {
    await page.goto('/compare?a=jwt-cookie&b=jwt-cookie');
    await expect(page.getByTestId('pair-clash')).toBeVisible();
    await expectNothingHiddenSideways(page);
    await page.goto('/compare?a=jwt-both&b=session-header');
    await page.getByRole('button', { name: 'Sign in both' }).click();
    await expectSignedIn(pane(page, 'a'));
    await expectSignedIn(pane(page, 'b'));
    await page.getByRole('button', { name: 'Call /api/me in both' }).click();
    await expect(page.getByTestId('me-cell')).toHaveCount(2);
    await expect(page.getByTestId('jwt-verdict')).toContainText('✓ verifies');
    await expectNothingHiddenSideways(page);
    await expectNoSeriousFindings(page);
  });
});
