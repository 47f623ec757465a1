// Switches the global JWT denylist check through the API, as alice (admin), and waits until the
// edge middleware (which re-reads the setting at most once a second) acts on it.
import type { APIRequestContext } from '@playwright/test';
import { demoCredentials, expect } from '../fixtures';

export async function setDenylist(request: APIRequestContext, enabled: boolean) {
  const token = async () => (await (await request.post('/api/token', { data: demoCredentials('alice') })).json()).access_token as string;
  const admin = await token();
  const response = await request.patch('/api/settings', { headers: { Authorization: `Bearer ${admin}` }, data: { jwtDenylist: enabled } });
  expect(response.status()).toBe(200);
  const probe = await token();
  expect((await request.post('/api/token/revoke', { data: { token: probe } })).status()).toBe(200);
  await expect
    .poll(async () => (await request.get('/api/me', { headers: { Authorization: `Bearer ${probe}` } })).status())
    .toBe(enabled ? 401 : 200);
}
