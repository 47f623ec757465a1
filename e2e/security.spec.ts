// Defences that hold for both modes, checked against the production server.
import { USERS, demoCredentials, expect, test } from './fixtures';

test('pages carry a strict CSP with a fresh nonce, and run with no violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const first = await page.goto('/');
  const csp = first?.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{22}' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(first?.headers()['x-content-type-options']).toBe('nosniff');
  expect(first?.headers()['referrer-policy']).toBe('no-referrer');
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  // Every inline script carries this response's nonce.
  const inline = await page.locator('script:not([src])').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(inline.length).toBeGreaterThan(0);
  for (const n of inline) expect(n).toBe(nonce);
  const second = await page.request.get('/');
  expect(second.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`);

  // The app works under the policy: sign in and call the API in both modes.
  for (const mode of ['Session', 'JWT'] as const) {
    await page.getByRole('radio', { name: mode, exact: true }).check();
    await page.getByLabel('Username').fill(USERS.alice.username);
    await page.getByLabel('Password').fill(USERS.alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('whoami')).toContainText('Signed in as alice');
  }
  for (const path of ['/compare', '/console', '/revocation']) {
    const r = await page.goto(path);
    expect(r?.headers()['content-security-policy']).toContain("'strict-dynamic'");
  }
  expect(violations).toEqual([]);
});

test('a token in the URL is ignored', async ({ request }) => {
  const { access_token: token } = await (await request.post('/api/token', { data: demoCredentials('bob') })).json();
  for (const path of [`/api/me?access_token=${token}`, `/api/me?token=${token}`]) {
    const response = await request.get(path);
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe('unauthenticated');
  }
});

test('session fixation: a planted session never survives sign-in, and never gains the new identity', async ({ playwright, baseURL }) => {
  const attacker = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  const planted = /authlab_session=([^;]+)/.exec(
    (await attacker.post('/api/session/login', { data: demoCredentials('bob') })).headers()['set-cookie'] ?? '',
  )?.[1];
  expect(planted).toBeTruthy();
  const victim = await playwright.request.newContext({
    ...(baseURL ? { baseURL } : {}),
    extraHTTPHeaders: { Cookie: `authlab_session=${planted}` },
  });
  const login = await victim.post('/api/session/login', { data: demoCredentials('alice') });
  const fresh = /authlab_session=([^;]+)/.exec(login.headers()['set-cookie'] ?? '')?.[1];
  expect(fresh).toBeTruthy();
  expect(fresh).not.toBe(planted);
  const replay = await attacker.get('/api/me');
  expect(replay.status()).toBe(401);
  expect((await replay.json()).error.code).toBe('session_revoked');
  await attacker.dispose();
  await victim.dispose();
});

test("Next's internal headers and our identity headers from a client grant nothing", async ({ request }) => {
  const forged = Buffer.from(
    JSON.stringify({ identity: { user: { id: 'u_alice', username: 'alice', role: 'admin' }, mode: 'jwt' }, t: Date.now() }),
  ).toString('base64url');
  const attempts: Record<string, string>[] = [
    { 'x-middleware-override-headers': 'x-authlab-identity', 'x-middleware-request-x-authlab-identity': forged },
    { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware', 'x-authlab-identity': forged },
    { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1', 'x-peer-address': '10.0.0.1' },
  ];
  for (const headers of attempts) {
    for (const path of ['/api/me', '/api/admin/overview', '/api/internal/report']) {
      expect((await request.get(path, { headers })).status(), `${path} ${Object.keys(headers).join(',')}`).toBe(401);
    }
  }
});

test('cross-site text/plain and form posts are refused before they touch a session', async ({ request }) => {
  const login = await request.post('/api/session/login', { data: demoCredentials('bob') });
  expect(login.status()).toBe(200);
  for (const [path, type] of [
    ['/api/session/logout', 'text/plain'],
    ['/api/session/login', 'text/plain'],
    ['/api/session/exchange', 'application/x-www-form-urlencoded'],
    ['/api/token/revoke', 'multipart/form-data; boundary=x'],
  ] as const) {
    const response = await request.post(path, { headers: { Origin: 'https://evil.example', 'Content-Type': type }, data: 'username=bob' });
    expect(response.status(), path).toBe(403);
    expect((await response.json()).error.code).toBe('csrf_rejected');
  }
  expect((await request.get('/api/me')).status()).toBe(200);
});

test('after sign-in, ?next= leads only to a page of this site', async ({ page, baseURL }) => {
  await page.goto('/?next=%2F%2Fevil.example%2F');
  await page.getByLabel('Username').fill(USERS.bob.username);
  await page.getByLabel('Password').fill(USERS.bob.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('whoami')).toContainText('Signed in as bob');
  // Still here, on this site: the scheme-relative target was refused.
  expect(new URL(page.url()).host).toBe(new URL(baseURL as string).host);
  expect(new URL(page.url()).pathname).toBe('/');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.goto('/?next=/compare');
  await page.getByLabel('Username').fill(USERS.bob.username);
  await page.getByLabel('Password').fill(USERS.bob.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/compare$/);
});
