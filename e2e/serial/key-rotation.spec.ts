// Key rotation is global state (every later token carries the new kid), so it runs alone, after the other specs.
import type { APIRequestContext, Page } from '@playwright/test';
import { decodeProtectedHeader } from 'jose';
import { USERS, expect, test, type UserName } from '../fixtures';
import { verifyRemote } from '../verify-remote';

async function accessToken(request: APIRequestContext, user: UserName = 'alice'): Promise<string> {
  const response = await request.post('/api/token', { data: { username: USERS[user].username, password: USERS[user].password } });
  expect(response.status()).toBe(200);
  return (await response.json()).access_token as string;
}

const kidOf = (token: string) => String(decodeProtectedHeader(token).kid);
const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

/** The Keys page. */
class KeysPage {
  constructor(readonly page: Page) {}
  keys() {
    return this.page.getByRole('list', { name: 'Keys in the ring' }).getByRole('listitem');
  }
  key(kid: string) {
    return this.keys().filter({ has: this.page.getByText(kid, { exact: true }) });
  }
  rotation() {
    return this.page.getByRole('region', { name: 'Rotate the signing key' });
  }
  async signIn(user: UserName) {
    await this.rotation().getByLabel('Username').fill(USERS[user].username);
    await this.rotation().getByLabel('Password').fill(USERS[user].password);
    await this.rotation().getByRole('button', { name: 'Sign in' }).click();
    await expect(this.page.getByTestId('keys-whoami')).toContainText(`Signed in as ${user}`);
  }
  async paste(token: string) {
    await this.page.getByRole('textbox', { name: 'Which key signed this token?' }).fill(token);
  }
}

test('rotating while signed in: the old token keeps working, new tokens carry the new kid', async ({ request, baseURL }) => {
  const old = await accessToken(request);
  const oldKid = kidOf(old);

  expect((await request.post('/api/keys/rotate')).status()).toBe(401);
  const asMember = await request.post('/api/keys/rotate', bearer(await accessToken(request, 'bob')));
  expect(asMember.status()).toBe(403);
  expect((await asMember.json()).error.code).toBe('forbidden');
  const crossSite = await request.post('/api/keys/rotate', { headers: { Authorization: `Bearer ${old}`, Origin: 'https://evil.example' } });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).error.code).toBe('csrf_rejected');

  const rotated = await request.post('/api/keys/rotate', bearer(old));
  expect(rotated.status()).toBe(200);
  const listing = await rotated.json();
  expect(listing.rotated).not.toBe(oldKid);
  expect(listing.current).toBe(listing.rotated);
  expect(listing.keys.map((k: { kid: string; status: string }) => [k.kid, k.status])).toEqual(
    expect.arrayContaining([
      [listing.rotated, 'current'],
      [oldKid, 'previous'],
    ]),
  );

  // The edge middleware still accepts the old token, and learns the new key from the first token naming it.
  const before = await request.get('/api/me', bearer(old));
  expect(before.status()).toBe(200);
  expect((await before.json()).auth.token.kid).toBe(oldKid);
  const fresh = await accessToken(request);
  expect(kidOf(fresh)).toBe(listing.rotated);
  const after = await request.get('/api/me', bearer(fresh));
  expect(after.status()).toBe(200);
  expect((await after.json()).auth.token.kid).toBe(listing.rotated);

  // Both keys are published, and another service verifies tokens of either on its own.
  const jwks = await (await request.get('/.well-known/jwks.json')).json();
  expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([oldKid, listing.rotated]));
  for (const token of [old, fresh]) {
    const remote = await verifyRemote([token, '--url', baseURL as string]);
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stdout).toContain(`key ${kidOf(token)}`);
  }
});

test('the Keys page: an admin rotates, both keys show, and a pasted token marks the key that signed it', async ({ page, request }) => {
  const old = await accessToken(request);
  const keys = new KeysPage(page);
  await page.goto('/keys');
  await expect(page.getByRole('heading', { name: 'Keys and algorithms' })).toBeVisible();
  await expect(keys.key(kidOf(old))).toContainText('current: signs new tokens');

  await keys.signIn('alice');
  await keys.rotation().getByRole('button', { name: 'Rotate signing key' }).click();
  await expect(keys.rotation().getByRole('status')).toContainText('Rotated:');
  await expect(keys.key(kidOf(old))).toContainText('previous: verifies only');
  await expect(keys.keys().filter({ hasText: 'current: signs new tokens' })).toHaveCount(1);

  await keys.paste(old);
  await expect(keys.key(kidOf(old))).toContainText('The pasted token names this key');
  await expect(page.getByTestId('which-key-result')).toContainText(`Signed with a previous key`);
  await expect(page.getByTestId('signed-the-token')).toHaveCount(1);

  const fresh = await accessToken(request);
  await keys.paste(fresh);
  await expect(keys.key(kidOf(fresh))).toContainText('current: signs new tokens');
  await expect(keys.key(kidOf(fresh))).toContainText('The pasted token names this key');
  await expect(keys.key(kidOf(old))).not.toContainText('The pasted token names this key');

  await keys.paste('not-a-token');
  await expect(page.getByTestId('which-key-result')).toContainText('Not a JWT');

  await expect(page.getByRole('table', { name: /Sign and verify time per algorithm/ })).toContainText('EdDSA');
});

test('the Keys page: a member who tries to rotate is told 403', async ({ page }) => {
  const keys = new KeysPage(page);
  await page.goto('/keys');
  const before = await keys.keys().count();
  await keys.signIn('bob');
  await keys.rotation().getByRole('button', { name: 'Rotate signing key' }).click();
  await expect(keys.rotation().getByRole('status')).toContainText('Refused: 403 forbidden');
  await expect(keys.keys()).toHaveCount(before);
});
