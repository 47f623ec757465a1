// The "Carried in" choice on `/`: each of the six cells (what the credential is × where it travels) as a
// visitor uses it: sign in, whoami, /api/me, the inspector's two lists checked against what the browser
// really holds, sign out and the server's refusal afterwards; a reload in a header cell; the choice kept.
import type { APIRequestContext, BrowserContext, Page, Request } from '@playwright/test';
import { AuthPage, expect, test, throwawayUser, type Mode } from './fixtures';
import { expectNoSeriousFindings, expectNothingHiddenSideways } from './axe';

type Carried = 'Cookie' | 'Header' | 'Both';
interface Cell {
  mode: Exclude<Mode, 'Hybrid'>;
  carried: Carried;
  /** The credential cookies the browser holds in this cell (by the contract's table). */
  cookies: string[];
  /** The form of what the page sends as `Authorization: Bearer`, or null when it sends none. */
  bearer: RegExp | null;
}

const CELLS: Cell[] = [
  { mode: 'Session', carried: 'Cookie', cookies: ['authlab_session'], bearer: null },
  { mode: 'Session', carried: 'Header', cookies: [], bearer: /^sess_[\w-]{43}$/ },
  { mode: 'Session', carried: 'Both', cookies: ['authlab_session_both'], bearer: /^pair_[\w-]{43}$/ },
  // Each refresh cookie with its companion (lib/auth/refresh-binding.ts).
  { mode: 'JWT', carried: 'Cookie', cookies: ['authlab_access', 'authlab_refresh_cookie', 'authlab_refresh_cookie_bind'], bearer: null },
  { mode: 'JWT', carried: 'Header', cookies: ['authlab_refresh', 'authlab_refresh_bind'], bearer: /^[\w-]+\.[\w-]+\.[\w-]+$/ },
  {
    mode: 'JWT',
    carried: 'Both',
    cookies: ['authlab_access_sig', 'authlab_refresh_both', 'authlab_refresh_both_bind'],
    bearer: /^[\w-]+\.[\w-]+$/,
  },
];
/** Every cell's credential cookies: each cell has its own (a JWT cell's refresh cookie too). */
const CREDENTIAL_COOKIES = [
  'authlab_session',
  'authlab_session_both',
  'authlab_access',
  'authlab_access_sig',
  'authlab_refresh',
  'authlab_refresh_cookie',
  'authlab_refresh_both',
  'authlab_refresh_bind',
  'authlab_refresh_cookie_bind',
  'authlab_refresh_both_bind',
];

const carriedIn = (page: Page) => page.getByRole('radiogroup', { name: 'Carried in' });

async function chooseCell(auth: AuthPage, cell: Pick<Cell, 'mode' | 'carried'>) {
  await auth.chooseMode(cell.mode);
  await carriedIn(auth.page).getByRole('radio', { name: cell.carried, exact: true }).check();
}

async function credentialCookies(context: BrowserContext): Promise<Record<string, string>> {
  const jar = await context.cookies();
  return Object.fromEntries(jar.filter((c) => CREDENTIAL_COOKIES.includes(c.name)).map((c) => [c.name, c.value]));
}

/** Calls /api/me from the page and returns the request as the browser sent it (its Authorization and Cookie). */
async function callMe(auth: AuthPage): Promise<Request> {
  const sent = auth.page.waitForRequest((r) => new URL(r.url()).pathname === '/api/me');
  await auth.call('/api/me');
  return sent;
}

async function replayMe(request: APIRequestContext, headers: Record<string, string>) {
  return request.get('/api/me', {
    headers: { Cookie: headers.cookie ?? '', ...(headers.authorization ? { Authorization: headers.authorization } : {}) },
  });
}

for (const cell of CELLS) {
  const mode = cell.mode === 'Session' ? 'session' : 'jwt';
  const transport = cell.carried.toLowerCase();

  test(`${cell.mode} × ${cell.carried}: sign in, /api/me, what the page and the browser hold, sign out`, async ({
    authPage,
    context,
    page,
    request,
  }) => {
    await authPage.goto();
    await chooseCell(authPage, cell);
    await authPage.signIn('bob');
    await authPage.expectSignedIn('bob', cell.mode);
    await expect(authPage.whoami()).toContainText(`${cell.mode} mode, carried in ${cell.carried}`);

    // /api/me answers in the cell, and the browser sent exactly what the cell says.
    const sent = await callMe(authPage);
    await expect(authPage.status()).toContainText('200');
    await expect(authPage.body()).toContainText(`"mode": "${mode}"`);
    await expect(authPage.body()).toContainText(`"transport": "${transport}"`);
    const headers = await sent.allHeaders();
    if (cell.bearer) expect(headers.authorization?.replace(/^Bearer /, '')).toMatch(cell.bearer);
    else expect(headers.authorization).toBeUndefined();

    // The browser's jar holds the cell's cookies, and none of them is visible to the page's script.
    const jar = await credentialCookies(context);
    expect(Object.keys(jar).sort()).toEqual([...cell.cookies].sort());
    const documentCookie = await page.evaluate(() => document.cookie);
    for (const name of [...CREDENTIAL_COOKIES, 'authlab_cell']) expect(documentCookie).not.toContain(name);

    // The inspector's lists say the same.
    const scriptList = page.getByRole('region', { name: "Your page's script can read" });
    const browserList = page.getByRole('region', { name: 'Only the browser holds (HttpOnly)' });
    if (cell.bearer) {
      const held = (headers.authorization ?? '').replace(/^Bearer /, '');
      await expect(scriptList).toContainText(held.slice(0, 16));
      await expect(scriptList).toContainText(`(${held.length} B)`);
    } else {
      await expect(scriptList).toContainText('No part of the credential');
    }
    if (cell.cookies.length === 0) await expect(browserList).toContainText('No cookie');
    for (const name of cell.cookies) {
      // By its whole name: authlab_refresh is a prefix of its companion's, authlab_refresh_bind.
      await expect(browserList.getByRole('listitem').filter({ hasText: new RegExp(`^\\s*${name} \\(`) })).toContainText(
        'not in document.cookie ✓',
      );
    }
    await expect(browserList.getByRole('listitem')).toHaveCount(Math.max(1, cell.cookies.length));

    // Sign out; then the server refuses what the page and the browser held.
    await authPage.signOut();
    await expect(page.getByRole('status')).toHaveText('Signed out.');
    if (mode === 'session') {
      const replay = await replayMe(request, headers);
      expect(replay.status()).toBe(401);
      expect((await replay.json()).error.code).toBe('session_revoked');
    } else {
      // The refresh family is over, and the access token is revoked (introspection counts revocation whatever the denylist setting).
      const refreshName = cell.cookies.find((name) => name.startsWith('authlab_refresh')) ?? '';
      // With its companion, as the browser sent it: without one it would be refused whatever its family's state.
      const bindName = `${refreshName}_bind`;
      const refresh = await request.post('/api/token/refresh', {
        headers: { Cookie: `${refreshName}=${jar[refreshName] ?? ''}; ${bindName}=${jar[bindName] ?? ''}` },
      });
      expect(refresh.status()).toBe(401);
      const cookie = Object.entries(jar)
        .filter(([name]) => name !== refreshName && name !== bindName)
        .map(([name, value]) => `${name}=${value}`)
        .join('; ');
      const inspect = await request.get('/api/token/inspect', {
        headers: { Cookie: cookie, ...(headers.authorization ? { Authorization: headers.authorization } : {}) },
      });
      const access = (await inspect.json()).access as { transport: string; active: boolean; error?: { code: string; message: string } };
      expect(access).toMatchObject({ transport, active: false });
      expect(access.error?.code).toBe('invalid_token');
      expect(access.error?.message).toContain('revoked');
    }
  });
}

test('Session × Header: after a reload the page says the token is gone, never "signed in"', async ({ authPage, page }) => {
  await authPage.goto();
  await chooseCell(authPage, { mode: 'Session', carried: 'Header' });
  await authPage.signIn('bob');
  await expect(authPage.whoami()).toContainText('Session mode, carried in Header');
  await page.reload();
  await expect(page.getByTestId('mode-state')).toContainText(
    "lived in this page's memory only and is gone after the reload: sign in again",
  );
  await expect(authPage.whoami()).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('Session × Both: after a reload the header half is gone; the leftover cookie half can end its session', async ({
  authPage,
  context,
  page,
  request,
}) => {
  await authPage.goto();
  await chooseCell(authPage, { mode: 'Session', carried: 'Both' });
  await authPage.signIn('bob');
  await expect(authPage.whoami()).toContainText('Session mode, carried in Both');
  const cookie = (await credentialCookies(context)).authlab_session_both ?? '';
  await page.reload();
  await expect(page.getByTestId('mode-state')).toContainText('The header half of your double session id');
  await expect(page.getByTestId('mode-state')).toContainText('alone it is refused (401)');
  await expect(authPage.whoami()).toHaveCount(0);
  await page.getByRole('button', { name: 'End the leftover session (cookie half)' }).click();
  await expect(page.getByRole('status')).toHaveText('The cookie half named a session: it is ended now.');
  // The session the cookie named is over. Its seal replayed as a plain session cookie is looked up: revoked (alive, it
  // would be "unauthenticated": a double session id's cookie alone is not enough).
  const replay = await request.get('/api/session', { headers: { Cookie: `authlab_session=${cookie}` } });
  expect(replay.status()).toBe(401);
  expect((await replay.json()).error.code).toBe('session_revoked');
});

test('JWT × Both: after a reload the refresh cookie brings a new header half, and the page says so', async ({ authPage, page }) => {
  await authPage.goto();
  await chooseCell(authPage, { mode: 'JWT', carried: 'Both' });
  await authPage.signIn('bob');
  await expect(authPage.whoami()).toContainText('JWT mode, carried in Both');
  await page.reload();
  await expect(page.getByRole('status')).toContainText(
    "the header half lived in this page's memory and was gone; the refresh cookie brought a new one",
  );
  await expect(authPage.whoami()).toContainText('JWT mode, carried in Both');
  await authPage.call('/api/me');
  await expect(authPage.status()).toContainText('200');
  await expect(authPage.body()).toContainText('"transport": "both"');
});

test('the choice is remembered per mode across a reload; Hybrid shows it fixed, with the reason', async ({ authPage, page }) => {
  await authPage.goto();
  await chooseCell(authPage, { mode: 'JWT', carried: 'Cookie' });
  await chooseCell(authPage, { mode: 'Session', carried: 'Both' });
  await page.reload();
  await expect(carriedIn(page).getByRole('radio', { name: 'Both', exact: true })).toBeChecked();
  await authPage.chooseMode('JWT');
  await expect(carriedIn(page).getByRole('radio', { name: 'Cookie', exact: true })).toBeChecked();
  await authPage.chooseMode('Hybrid');
  for (const option of ['Cookie', 'Header', 'Both'])
    await expect(carriedIn(page).getByRole('radio', { name: option, exact: true })).toBeDisabled();
  await expect(carriedIn(page)).toContainText('Hybrid keeps its fixed design');
});

test('the Carried in group works with the arrow keys', async ({ authPage, page }) => {
  await authPage.goto();
  await authPage.chooseMode('Session');
  const radio = (name: Carried) => carriedIn(page).getByRole('radio', { name, exact: true });
  await radio('Cookie').check();
  await radio('Cookie').focus();
  await page.keyboard.press('ArrowRight');
  await expect(radio('Header')).toBeChecked();
  await expect(radio('Header')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(radio('Both')).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(radio('Header')).toBeChecked();
  await page.reload();
  await expect(radio('Header')).toBeChecked();
});

test("a sign-in carried in a cookie leaves the other mode's cookie credential signed in; each mode's calls stay in its cell", async ({
  authPage,
  page,
}) => {
  await authPage.goto();
  await chooseCell(authPage, { mode: 'Session', carried: 'Cookie' });
  await authPage.signIn('bob');
  await expect(authPage.whoami()).toContainText('Session mode, carried in Cookie');
  await chooseCell(authPage, { mode: 'JWT', carried: 'Cookie' });
  await authPage.signIn('bob');
  await expect(authPage.whoami()).toContainText('JWT mode, carried in Cookie');
  // Each cell has its own cookies: the browser holds both credentials.
  const names = (await page.context().cookies()).map((c) => c.name);
  expect(names).toContain('authlab_session');
  expect(names).toContain('authlab_access');
  const asJwt = await (await callMe(authPage)).allHeaders();
  expect(asJwt['authlab-cell']).toBe('jwt-cookie');
  await expect(authPage.body()).toContainText('"transport": "cookie"');
  await expect(authPage.body()).toContainText('"mode": "jwt"');
  // Back to Session: still signed in, and its calls are judged as the session cookie, not the access-token cookie beside it.
  await authPage.chooseMode('Session');
  await expect(authPage.whoami()).toContainText('Session mode, carried in Cookie');
  const asSession = await (await callMe(authPage)).allHeaders();
  expect(asSession['authlab-cell']).toBe('session-cookie');
  await expect(authPage.body()).toContainText('"mode": "session"');
});

// Sign out everywhere ends every credential of the user: a throwaway member, so nobody else's sign-ins end.
test('sign out everywhere works from the header cells: JWT × Both and Session × Header', async ({ authPage, page, request }) => {
  const user = await throwawayUser(request);
  const signInAs = async () => {
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  // A second sign-in of the same user elsewhere (a session token over HTTP): everywhere must end it too.
  const elsewhere = async () => {
    const answer = await request.post('/api/session/login', {
      data: { username: user.username, password: user.password, transport: 'header' },
      headers: { Cookie: '' },
    });
    expect(answer.status()).toBe(200);
    return { Cookie: '', Authorization: `Bearer ${(await answer.json()).header_credential as string}` };
  };

  await authPage.goto();
  await chooseCell(authPage, { mode: 'JWT', carried: 'Both' });
  await signInAs();
  await expect(authPage.whoami()).toContainText('JWT mode, carried in Both');
  let other = await elsewhere();
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed out everywhere.');
  expect((await request.get('/api/me', { headers: other })).status()).toBe(401);

  await chooseCell(authPage, { mode: 'Session', carried: 'Header' });
  await signInAs();
  await expect(authPage.whoami()).toContainText('Session mode, carried in Header');
  await expect(page.getByRole('list', { name: 'Active sessions' })).toContainText('This device');
  other = await elsewhere();
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByRole('status')).toContainText('You signed out everywhere, this device included.');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect((await request.get('/api/me', { headers: other })).status()).toBe(401);
});

/** The a11y spec's bar (axe: serious, critical and heading order fail) and its phone check (nothing hides sideways). */
async function expectAccessibleAt360(page: Page) {
  await expectNoSeriousFindings(page);
  await expectNothingHiddenSideways(page);
}

test.describe('at 360 px', () => {
  test.use({ viewport: { width: 360, height: 800 } });
  test.describe.configure({ timeout: 120_000 });

  test('the signed-in cells, the gone state and Hybrid pass axe and fit without sideways scrolling', async ({ authPage, page }) => {
    await authPage.goto();
    for (const cell of [
      { mode: 'Session', carried: 'Both' },
      { mode: 'JWT', carried: 'Cookie' },
    ] as const) {
      await chooseCell(authPage, cell);
      await authPage.signIn('bob');
      await expect(authPage.whoami()).toContainText(`${cell.mode} mode, carried in ${cell.carried}`);
      await expect(page.getByRole('region', { name: 'Only the browser holds (HttpOnly)' })).toContainText('not in document.cookie ✓');
      await expectAccessibleAt360(page);
      await authPage.signOut();
    }
    await chooseCell(authPage, { mode: 'Session', carried: 'Header' });
    await authPage.signIn('bob');
    await expect(authPage.whoami()).toContainText('carried in Header');
    await page.reload();
    await expect(page.getByTestId('mode-state')).toContainText('is gone after the reload');
    await expectAccessibleAt360(page);
    await authPage.chooseMode('Hybrid');
    await expect(carriedIn(page)).toContainText('Hybrid keeps its fixed design');
    await expectAccessibleAt360(page);
  });
});
