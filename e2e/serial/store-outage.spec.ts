// A store outage, end to end: the built-in store refuses or hangs every command for a while. Sessions
// fail closed within a second and keep their cookie, JWTs keep working (unless the denylist is on),
// nothing is minted that could not be recorded, and everything resumes with no restart.
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { USERS, demoCredentials, expect, test } from '../fixtures';
import { setDenylist } from './denylist';

type Mode = 'refuse' | 'hang';
/** The contract: an answer that depends on the store comes within one second. */
const WITHIN_MS = 1_000;

interface Signed {
  session: APIRequestContext;
  jwt: APIRequestContext;
  token: string;
}

async function signInBoth(newContext: () => Promise<APIRequestContext>): Promise<Signed> {
  const session = await newContext();
  const jwt = await newContext();
  const credentials = { username: USERS.alice.username, password: USERS.alice.password };
  expect((await session.post('/api/session/login', { data: credentials })).status()).toBe(200);
  const issued = await jwt.post('/api/token', { data: credentials });
  expect(issued.status()).toBe(200);
  return { session, jwt, token: (await issued.json()).access_token as string };
}

async function switchOutage(api: APIRequestContext, token: string, seconds: number, mode: Mode = 'refuse') {
  const response = await api.post('/api/admin/store-outage', { headers: { Authorization: `Bearer ${token}` }, data: { seconds, mode } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as { available: boolean; outage: { mode: Mode } | null };
}

async function timed(call: () => Promise<APIResponse>): Promise<{ response: APIResponse; ms: number }> {
  const started = performance.now();
  const response = await call();
  return { response, ms: Math.round(performance.now() - started) };
}

/** A 503 `store_unavailable` with Retry-After, in time, and no cookie set or cleared. */
async function expectFailedClosed(label: string, call: () => Promise<APIResponse>): Promise<number> {
  const { response, ms } = await timed(call);
  expect(response.status(), label).toBe(503);
  expect((await response.json()).error.code, label).toBe('store_unavailable');
  expect(Number(response.headers()['retry-after']), label).toBeGreaterThan(0);
  expect(response.headers()['set-cookie'], `${label} must not set or clear a cookie`).toBeUndefined();
  expect(ms, `${label} took ${ms} ms`).toBeLessThan(WITHIN_MS);
  return ms;
}

let ended: (() => Promise<void>) | undefined;
test.afterEach(async () => {
  await ended?.();
  ended = undefined;
});

for (const mode of ['refuse', 'hang'] as const) {
  test(`store ${mode === 'refuse' ? 'refusing' : 'hanging'}: sessions fail closed in time and keep their cookie, JWTs keep working, nothing is minted`, async ({
    playwright,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const { session, jwt, token } = await signInBoth(() => playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) }));
    const bearer = { Authorization: `Bearer ${token}` };
    const credentials = { username: USERS.alice.username, password: USERS.alice.password };
    // Both modes in use before the outage, as on any instance that serves traffic: the middleware has
    // read the denylist setting (one it never read would fail JWTs closed rather than guess).
    expect((await session.get('/api/me')).status()).toBe(200);
    expect((await jwt.get('/api/me', { headers: bearer })).status()).toBe(200);
    const state = await switchOutage(jwt, token, 30, mode);
    expect(state.outage?.mode).toBe(mode);
    ended = async () => void (await switchOutage(jwt, token, 0));

    const latencies: Record<string, number> = {};
    latencies['session GET /api/me'] = await expectFailedClosed('session /api/me', () => session.get('/api/me'));
    latencies['session GET /api/session'] = await expectFailedClosed('GET /api/session', () => session.get('/api/session'));
    latencies['session POST /api/session/exchange'] = await expectFailedClosed('exchange', () => session.post('/api/session/exchange'));
    latencies['session POST /api/session/logout'] = await expectFailedClosed('logout', () => session.post('/api/session/logout'));
    latencies['POST /api/session/login'] = await expectFailedClosed('session login', () =>
      session.post('/api/session/login', { data: credentials }),
    );
    latencies['POST /api/token'] = await expectFailedClosed('token login', () => jwt.post('/api/token', { data: credentials }));
    latencies['POST /api/token/refresh'] = await expectFailedClosed('refresh', () => jwt.post('/api/token/refresh'));
    latencies['POST /api/token/revoke'] = await expectFailedClosed('revoke', () => jwt.post('/api/token/revoke', { data: { token } }));
    latencies['GET /api/ready'] = await expectFailedClosed('ready', () => jwt.get('/api/ready'));
    // A fresh request after the fail-fast window pays the whole budget again: still within a second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    latencies['session GET /api/me (after 1 s)'] = await expectFailedClosed('session /api/me again', () => session.get('/api/me'));

    // JWT mode with the denylist off needs no store: it keeps answering.
    const me = await timed(() => jwt.get('/api/me', { headers: bearer }));
    expect(me.response.status()).toBe(200);
    expect((await me.response.json()).user.username).toBe('alice');
    latencies['jwt GET /api/me (200)'] = me.ms;
    expect((await jwt.get('/api/health')).status()).toBe(200);
    console.log(`[outage ${mode}] ms: ${JSON.stringify(latencies)}`);

    // Back up: no restart, the same cookie and the same (unspent) refresh token work.
    await switchOutage(jwt, token, 0);
    ended = undefined;
    const back = performance.now();
    await expect.poll(async () => (await session.get('/api/me')).status(), { timeout: 5_000, intervals: [100] }).toBe(200);
    console.log(`[outage ${mode}] session answered 200 again ${Math.round(performance.now() - back)} ms after the store came back`);
    // The refresh token refused during the outage was not spent: it rotates now (a 503 in the second
    // after a hang, while the client still fails fast, would not spend it either).
    let refreshed: APIResponse | undefined;
    await expect
      .poll(async () => (refreshed = await jwt.post('/api/token/refresh')).status(), { timeout: 3_000, intervals: [200] })
      .toBe(200);
    const fresh = (await (refreshed as APIResponse).json()).access_token as string;
    expect((await jwt.get('/api/me', { headers: { Authorization: `Bearer ${fresh}` } })).status()).toBe(200);
    expect((await session.post('/api/session/login', { data: credentials })).status()).toBe(200);
    expect((await session.get('/api/ready')).status()).toBe(200);
    await session.dispose();
    await jwt.dispose();
  });
}

test('with the denylist check on, JWT requests fail closed too, and resume by themselves', async ({ playwright, baseURL, request }) => {
  test.setTimeout(60_000);
  await setDenylist(request, true);
  try {
    const { jwt, token, session } = await signInBoth(() => playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) }));
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await jwt.get('/api/me', { headers: bearer })).status()).toBe(200);
    const { endKey } = (await switchOutage(jwt, token, 60, 'hang')) as { endKey?: string };
    expect(endKey).toBeTruthy();
    const endEarly = () => jwt.post('/api/admin/store-outage', { headers: { 'Outage-End-Key': endKey ?? '' }, data: { seconds: 0 } });
    ended = async () => void (await endEarly());
    const ms = await expectFailedClosed('jwt /api/me with the denylist on', () => jwt.get('/api/me', { headers: bearer }));
    console.log(`[outage hang, denylist on] jwt /api/me 503 in ${ms} ms`);
    // With the check on, even the admin's JWT can't be checked to end the drill; the end key its start handed out can.
    await expectFailedClosed('ending the drill with the admin JWT', () =>
      jwt.post('/api/admin/store-outage', { headers: bearer, data: { seconds: 0 } }),
    );
    const end = await endEarly();
    expect(end.status(), await end.text()).toBe(200);
    expect((await end.json()).outage).toBeNull();
    ended = undefined;
    await expect
      .poll(async () => (await jwt.get('/api/me', { headers: bearer })).status(), { timeout: 10_000, intervals: [250] })
      .toBe(200);
    await session.dispose();
    await jwt.dispose();
  } finally {
    // If a step above failed, the drill is still on: end it before the setting can be switched back.
    await ended?.();
    ended = undefined;
    await setDenylist(request, false);
  }
});

test('the /outage page: banner while the store is down, sessions fail closed, JWTs keep working, both recover', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/outage');
  await expect(page.getByRole('heading', { name: 'Store outage' })).toBeVisible();
  // The probes are a throwaway member's; starting the drill is the visitor's own admin action.
  await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
  await expect(page.getByRole('status')).toContainText(/Signed in as the throwaway user tmp-\S+ with a session token and a JWT/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('drill-owner')).toContainText('closed to you here');
  await expect(page.getByRole('button', { name: 'Take the store down' })).toBeDisabled();
  expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
  expect((await page.request.post('/api/session/login', { data: demoCredentials('alice') })).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('drill-owner')).toContainText('You take it as yourself: alice (admin)');
  await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
  await expect(page.getByRole('status')).toContainText('Signed in as the throwaway user', { timeout: 30_000 });
  await expect(page.getByTestId('denylist-mode')).toContainText('off');
  await page
    .getByRole('radiogroup', { name: 'Outage mode' })
    .getByRole('radio', { name: /Refuse/ })
    .check();
  await page.getByLabel('Seconds').fill('5');
  await page.getByRole('button', { name: 'Take the store down' }).click();
  await expect(page.getByTestId('outage-banner')).toContainText('The session store is down');
  await expect(page.getByTestId('summary-session')).toContainText('failed closed: 503 store_unavailable');
  await expect(page.getByTestId('summary-jwt')).toContainText('kept working');
  await test.info().attach('outage', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  await expect(page.getByTestId('outage-banner')).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByTestId('summary-session')).toContainText('200 again', { timeout: 10_000 });
  await expect(page.getByTestId('summary-jwt')).toContainText('still 200 after the store came back');
  // The visitor is still who they were.
  expect((await (await page.request.get('/api/me')).json()).user.username).toBe('alice');
});
