// Every route that judges a token honours revocation, whatever the denylist setting: introspection
// answers active:false and the lab's token tools refuse a revoked token (issue #15), also one whose
// sign-in (refresh family) has ended (F7).
import type { APIRequestContext } from '@playwright/test';
import { expect, test, throwawayUser } from './fixtures';

async function accessToken(request: APIRequestContext, user: { username: string; password: string }): Promise<string> {
  const answer = await request.post('/api/token', { data: { username: user.username, password: user.password } });
  expect(answer.status()).toBe(200);
  return ((await answer.json()) as { access_token: string }).access_token;
}

const introspect = async (request: APIRequestContext, token: string) => {
  const answer = await request.post('/api/token/introspect', { data: { token } });
  expect(answer.status()).toBe(200);
  return (await answer.json()) as { active: boolean; error?: { code: string; message: string } };
};

const damagedCopy = (request: APIRequestContext, token: string) =>
  request.post('/api/lab/damaged-token', { data: { variant: 'expired' }, headers: { Authorization: `Bearer ${token}` } });

test('after "sign out everywhere" introspection says active:false and the lab refuses the old token', async ({ playwright, baseURL }) => {
  // A context of its own: no cookie of another test rides along.
  const request = await playwright.request.newContext({ baseURL: baseURL! });
  const user = await throwawayUser(request);
  const token = await accessToken(request, user);
  expect((await introspect(request, token)).active).toBe(true);
  expect((await damagedCopy(request, token)).status()).toBe(200);

  const revoked = await request.post('/api/token/revoke', { data: { everywhere: true }, headers: { Authorization: `Bearer ${token}` } });
  expect(revoked.status()).toBe(200);

  const after = await introspect(request, token);
  expect(after.active).toBe(false);
  expect(after.error?.code).toBe('invalid_token');
  const refused = await damagedCopy(request, token);
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
  await request.dispose();
});

test('a token revoked on its own (its jti denylisted) is active:false too, while a sibling token stays active', async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL: baseURL! });
  // The sibling signs in on a device of its own: the revoke below also ends the sign-in of the refresh
  // cookie it is sent with, and every access token of an ended sign-in is refused here (its `sid`).
  const device = await playwright.request.newContext({ baseURL: baseURL! });
  const user = await throwawayUser(request);
  const first = await accessToken(request, user);
  const second = await accessToken(device, user);
  const revoked = await request.post('/api/token/revoke', { data: { token: first } });
  expect(revoked.status()).toBe(200);
  expect((await introspect(request, first)).active).toBe(false);
  expect((await damagedCopy(request, first)).status()).toBe(401);
  expect((await introspect(request, second)).active).toBe(true);
  // Ending the sibling's sign-in (its refresh cookie, no token named) ends its access token too.
  expect((await device.post('/api/token/revoke')).status()).toBe(200);
  const ended = await introspect(request, second);
  expect(ended.active).toBe(false);
  expect(ended.error?.message).toContain('its refresh family was revoked');
  await device.dispose();
  await request.dispose();
});

test('revoking a token without the refresh cookie ends the sign-in it was minted from: its refresh cookie is refused after', async ({
  playwright,
  baseURL,
}) => {
  // The browser that signed in keeps the refresh cookie; a script elsewhere holds only the access token.
  const browser = await playwright.request.newContext({ baseURL: baseURL! });
  const elsewhere = await playwright.request.newContext({ baseURL: baseURL! });
  const user = await throwawayUser(browser);
  const token = await accessToken(browser, user);
  const revoked = await elsewhere.post('/api/token/revoke', { data: { token } });
  expect(revoked.status()).toBe(200);
  expect(((await revoked.json()) as { families_revoked: number }).families_revoked).toBe(1);
  const refresh = await browser.post('/api/token/refresh');
  expect(refresh.status()).toBe(401);
  expect(((await refresh.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
  // Sent with that same cookie, the two are one sign-in: one family ended, not two.
  const again = await accessToken(browser, user);
  const once = await browser.post('/api/token/revoke', { data: { token: again } });
  expect(((await once.json()) as { families_revoked: number }).families_revoked).toBe(1);
  await elsewhere.dispose();
  await browser.dispose();
});

test("introspection judges the hybrid's internal token as internal: active while its session lives, not after sign out everywhere", async ({
  playwright,
  baseURL,
}) => {
  const browser = await playwright.request.newContext({ baseURL: baseURL! });
  const user = await throwawayUser(browser);
  expect((await browser.post('/api/session/login', { data: { username: user.username, password: user.password } })).status()).toBe(200);
  const exchange = await browser.post('/api/session/exchange');
  expect(exchange.status()).toBe(200);
  const internal = ((await exchange.json()) as { access_token: string }).access_token;
  const live = (await (await browser.post('/api/token/introspect', { data: { token: internal } })).json()) as {
    active: boolean;
    kind?: string;
  };
  expect(live).toMatchObject({ active: true, kind: 'internal' });
  expect((await browser.delete('/api/sessions')).status()).toBe(200);
  const after = await introspect(browser, internal);
  expect(after.active).toBe(false);
  expect(after.error?.code).toBe('invalid_token');
  await browser.dispose();
});
