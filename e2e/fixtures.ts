// Playwright fixtures and the page object for the sign-in page.
import { test as base, expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../lib/auth/demo-accounts';

export { demoCredentials } from '../lib/auth/demo-accounts';
export const USERS = DEMO_ACCOUNTS;
export type UserName = keyof typeof USERS;
export type Mode = 'Session' | 'JWT' | 'Hybrid';

export class AuthPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/');
    await expect(this.page.getByRole('radiogroup', { name: 'Auth mode' })).toBeVisible();
  }

  async chooseMode(mode: Mode) {
    await this.page.getByRole('radiogroup', { name: 'Auth mode' }).getByRole('radio', { name: mode, exact: true }).check();
  }

  async signIn(user: UserName) {
    await this.page.getByLabel('Username').fill(USERS[user].username);
    await this.page.getByLabel('Password').fill(USERS[user].password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  whoami() {
    return this.page.getByTestId('whoami');
  }

  async expectSignedIn(user: UserName, mode: Mode) {
    await expect(this.whoami()).toContainText(`Signed in as ${user}`);
    await expect(this.whoami()).toContainText(`${mode} mode`);
  }

  async call(path: '/api/me' | '/api/admin/overview') {
    await this.page
      .getByRole('button', { name: `Call ${path}` })
      .first()
      .click();
    await expect(this.page.getByRole('region', { name: 'Response' })).toContainText(`GET ${path}`);
  }

  status() {
    return this.page.getByTestId('response-status');
  }

  body() {
    return this.page.getByTestId('response-body');
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(this.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  }
}

/** Two devices (separate browser contexts, so separate cookies), each signed in as `user` in `mode`. */
export async function twoDevicesSignedIn(browser: Browser, user: UserName, mode: Mode): Promise<[AuthPage, AuthPage]> {
  const devices: AuthPage[] = [];
  for (let i = 0; i < 2; i++) {
    const device = new AuthPage(await (await browser.newContext()).newPage());
    await device.goto();
    await device.chooseMode(mode);
    await device.signIn(user);
    await device.expectSignedIn(user, mode);
    devices.push(device);
  }
  return devices as [AuthPage, AuthPage];
}

export const test = base.extend<{ authPage: AuthPage; signedInAs: (user: UserName, mode: Mode) => Promise<AuthPage> }>({
  authPage: async ({ page }, provide) => {
    await provide(new AuthPage(page));
  },
  signedInAs: async ({ authPage }, provide) => {
    await provide(async (user, mode) => {
      await authPage.goto();
      await authPage.chooseMode(mode);
      await authPage.signIn(user);
      await authPage.expectSignedIn(user, mode);
      return authPage;
    });
  },
});

export { expect };

/** A throwaway member from `POST /api/lab/throwaway`: tests that exercise limits use it, never alice or bob. */
export async function throwawayUser(request: APIRequestContext): Promise<{ username: string; password: string; id: string }> {
  const answer = await request.post('/api/lab/throwaway');
  expect(answer.status()).toBe(201);
  const { user, password } = (await answer.json()) as { user: { id: string; username: string }; password: string };
  return { username: user.username, password, id: user.id };
}

/**
 * The refresh cookie a token answer sets and its companion, as one `Cookie` header value (`name=…; name_bind=…`), or ''
 * when the answer set no refresh token: the refresh cookie is only used beside its companion (lib/auth/refresh-binding.ts).
 */
export function refreshPairOf(setCookies: readonly string[], name = 'authlab_refresh'): string {
  const value = (n: string) => setCookies.map((c) => new RegExp(`^${n}=([^;]*)`).exec(c)?.[1]).find((v) => v !== undefined) ?? '';
  const refresh = value(name);
  return refresh === '' ? '' : `${name}=${refresh}; ${name}_bind=${value(`${name}_bind`)}`;
}
