// The API console at /console: every credential against GET /api/me, the collection, copy as curl,
// the keyboard, history, and a phone-sized screen.
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { USERS, expect, test } from './fixtures';

const CREDENTIAL = {
  session: 'Session cookie',
  bearer: 'Bearer token',
  none: 'None',
  expired: 'Bearer token (expired)',
  tampered: 'Bearer token (tampered signature)',
  algNone: 'Bearer token (alg: none)',
  wrongAudience: 'Bearer token (wrong audience)',
  revoked: 'Bearer token (revoked)',
} as const;
type Credential = (typeof CREDENTIAL)[keyof typeof CREDENTIAL];

class ApiConsolePage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/console');
    // Send is enabled once React has hydrated; before that the controls would do nothing.
    await expect(this.sendButton()).toBeEnabled();
  }

  sendButton() {
    return this.page.getByRole('button', { name: 'Send', exact: true });
  }

  async compose(method: string, path: string, credential: Credential) {
    await this.page.getByLabel('Method').selectOption(method);
    await this.page.getByLabel('Path').fill(path);
    await this.page.getByLabel('Credential').selectOption({ label: credential });
  }

  async send() {
    await this.sendButton().click();
    await expect(this.sendButton()).toBeEnabled();
  }

  async getToken() {
    await this.page.getByRole('button', { name: 'Get a token' }).click();
    await expect(this.page.getByTestId('held-token')).toContainText('Holding a token for alice');
  }

  answer() {
    return this.page.getByRole('region', { name: 'Answer' });
  }

  status() {
    return this.answer().getByRole('status', { name: 'Status code' });
  }

  body() {
    return this.page.getByRole('region', { name: 'Response body' });
  }

  async expectAnswer(status: number, code?: string) {
    await expect(this.status()).toHaveText(new RegExp(`^${status}\\b`));
    if (code) await expect(this.body()).toContainText(`"code": "${code}"`);
  }

  curl() {
    return this.page.getByRole('region', { name: 'curl command' });
  }
}

const it = test.extend<{ apiConsole: ApiConsolePage }>({
  apiConsole: async ({ page }, provide) => {
    const apiConsole = new ApiConsolePage(page);
    await apiConsole.goto();
    await provide(apiConsole);
  },
});

it.describe('GET /api/me with each credential', () => {
  it('Session cookie: 200 with the cookie the browser holds, and the console says it went along', async ({ apiConsole, page }) => {
    // page.request shares the page's cookie jar: this signs the browser in, in session mode.
    const login = await page.request.post('/api/session/login', {
      data: { username: USERS.alice.username, password: USERS.alice.password },
    });
    expect(login.status()).toBe(200);
    await apiConsole.compose('GET', '/api/me', CREDENTIAL.session);
    await apiConsole.send();
    await apiConsole.expectAnswer(200);
    await expect(apiConsole.body()).toContainText('"mode": "session"');
    await expect(page.getByRole('list', { name: 'Cookies attached' })).toContainText('authlab_session: attached (checked');
    await expect(apiConsole.answer()).toContainText('desc="session lookup"');
    // The device cookie (Path=/api) rides along too: the console lists what the browser really sends.
    await expect(apiConsole.curl()).toContainText("-b 'authlab_session=<your cookie>; authlab_device=<your cookie>'");
  });

  it('None: 401 unauthenticated with a bearer challenge, even while signed in', async ({ apiConsole, page }) => {
    const login = await page.request.post('/api/session/login', {
      data: { username: USERS.alice.username, password: USERS.alice.password },
    });
    expect(login.status()).toBe(200);
    await apiConsole.compose('GET', '/api/me', CREDENTIAL.none);
    await apiConsole.send();
    await apiConsole.expectAnswer(401, 'unauthenticated');
    await expect(apiConsole.answer()).toContainText('www-authenticate: Bearer');
    await expect(apiConsole.answer()).toContainText('No credential at all went out.');
  });

  it('Bearer token: 200 in JWT mode with exactly one credential', async ({ apiConsole }) => {
    await apiConsole.getToken();
    await apiConsole.compose('GET', '/api/me', CREDENTIAL.bearer);
    await apiConsole.send();
    await apiConsole.expectAnswer(200);
    await expect(apiConsole.body()).toContainText('"mode": "jwt"');
    await expect(apiConsole.answer()).toContainText("credentials: 'omit'");
    await expect(apiConsole.answer()).toContainText('Authorization: Bearer eyJ');
  });

  for (const [credential, code] of [
    [CREDENTIAL.expired, 'token_expired'],
    [CREDENTIAL.tampered, 'invalid_token'],
    [CREDENTIAL.algNone, 'invalid_token'],
    [CREDENTIAL.wrongAudience, 'invalid_token'],
  ] as const) {
    it(`${credential}: 401 ${code}, and the console says why`, async ({ apiConsole }) => {
      await apiConsole.getToken();
      await apiConsole.compose('GET', '/api/me', credential);
      await apiConsole.send();
      await apiConsole.expectAnswer(401, code);
      await expect(apiConsole.answer()).toContainText('www-authenticate: Bearer error="invalid_token"');
      await expect(apiConsole.answer().getByRole('note', { name: 'What this shows' })).toContainText('Refused');
    });
  }

  it('Bearer token (revoked): still 200 with the denylist off, and the console says why', async ({ apiConsole }) => {
    // No "Get a token" first: the console signs in for a fresh token and revokes it by itself.
    await apiConsole.compose('GET', '/api/me', CREDENTIAL.revoked);
    await apiConsole.send();
    await apiConsole.expectAnswer(200);
    await expect(apiConsole.answer()).toContainText('POST /api/token/revoke put its jti');
    const why = apiConsole.answer().getByRole('note', { name: 'What this shows' });
    await expect(why).toContainText('did not check the denylist');
    await expect(why).toContainText('until it expires');
  });
});

it('builds POST /api/token from the collection and gets a token back', async ({ apiConsole, page }) => {
  await page.getByRole('button', { name: /^POST \/api\/token Sign in for a token/ }).click();
  await expect(page.getByLabel('Method')).toHaveValue('POST');
  await expect(page.getByLabel('Path')).toHaveValue('/api/token');
  await expect(page.getByLabel('Body (JSON)')).toHaveValue(/"username": "alice"/);
  await apiConsole.send();
  await apiConsole.expectAnswer(200);
  await expect(apiConsole.body()).toContainText('"access_token": "eyJ');
  await expect(apiConsole.body()).toContainText('"token_type": "Bearer"');
  await page.getByRole('button', { name: 'Use as bearer token' }).click();
  await expect(page.getByTestId('held-token')).toContainText('Holding a token for alice');
});

it('copy as curl gives commands that work against the server', async ({ apiConsole, page }) => {
  // A bearer GET: the header goes along in the command.
  await apiConsole.getToken();
  await apiConsole.compose('GET', '/api/me', CREDENTIAL.bearer);
  await apiConsole.send();
  await apiConsole.expectAnswer(200);
  const meOut = execFileSync('bash', ['-c', (await apiConsole.curl().textContent()) ?? ''], { encoding: 'utf8' });
  expect(meOut).toMatch(/^HTTP\/1\.1 200/);
  expect(meOut).toContain('"username":"alice"');
  expect(meOut).toContain('"mode":"jwt"');

  // A JSON body, quoted for the shell.
  await page.getByRole('button', { name: /^POST \/api\/token Sign in for a token/ }).click();
  await page.getByLabel('Credential').selectOption({ label: CREDENTIAL.none });
  await apiConsole.send();
  await apiConsole.expectAnswer(200);
  const curl = (await apiConsole.curl().textContent()) ?? '';
  expect(curl).toContain(`--data-raw '{`);
  const tokenOut = execFileSync('bash', ['-c', curl], { encoding: 'utf8' });
  expect(tokenOut).toMatch(/^HTTP\/1\.1 200/);
  expect(tokenOut).toContain('"token_type":"Bearer"');
  await expect(page.getByRole('region', { name: 'fetch command' })).toContainText('credentials: "omit"');
});

it('Ctrl/Cmd+Enter sends, and history sends again and edits', async ({ apiConsole, page }) => {
  await apiConsole.compose('GET', '/api/health', CREDENTIAL.none);
  await page.getByLabel('Path').press('ControlOrMeta+Enter');
  await apiConsole.expectAnswer(200);
  await expect(apiConsole.body()).toContainText('"status": "ok"');

  const history = page.getByRole('list', { name: 'Sent requests' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Path').fill('/api/nope');
  await page.getByLabel('Body (JSON)').press('ControlOrMeta+Enter');
  await apiConsole.expectAnswer(404, 'not_found');
  await expect(history.getByRole('listitem')).toHaveCount(2);

  await page.getByRole('button', { name: 'Send again GET /api/health' }).click();
  await apiConsole.expectAnswer(200);
  await expect(history.getByRole('listitem')).toHaveCount(3);
  await page.getByRole('button', { name: 'Edit GET /api/nope' }).click();
  await expect(page.getByLabel('Path')).toHaveValue('/api/nope');

  // The token is never stored: history lives in sessionStorage, without it.
  await apiConsole.getToken();
  await apiConsole.compose('GET', '/api/me', CREDENTIAL.bearer);
  await apiConsole.send();
  await apiConsole.expectAnswer(200);
  const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage }));
  expect(stored).toContain('/api/me');
  expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
});

it.describe('on a phone-sized screen', () => {
  it.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  it('gets a token from the collection and calls /api/me with it', async ({ apiConsole, page }) => {
    await page.getByRole('button', { name: /^POST \/api\/token Sign in for a token/ }).click();
    await apiConsole.send();
    await apiConsole.expectAnswer(200);
    await page.getByRole('button', { name: 'Use as bearer token' }).click();
    await page.getByRole('button', { name: /^GET \/api\/me Who am I/ }).click();
    await expect(page.getByLabel('Credential')).toHaveValue('bearer');
    await apiConsole.send();
    await apiConsole.expectAnswer(200);
    await expect(apiConsole.body()).toContainText('"mode": "jwt"');
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
