import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function openCompare(page: Page, lifetimes: 'demo' | 'default' | 'fast') {
  await page.goto('/compare');
  // The select, not the panes' "Token lifetimes" bars (there at once when the tab is already signed in).
  await page.getByRole('combobox', { name: /^Lifetimes/ }).selectOption(lifetimes);
  return { session: page.getByRole('region', { name: 'Session pane' }), jwt: page.getByRole('region', { name: 'JWT pane' }) };
}

test('the inspectors show the real token and session, and what a request costs', async ({ page }) => {
  const { session, jwt } = await openCompare(page, 'demo');
  await page.getByRole('button', { name: 'Sign in both' }).click();
  await expect(session.getByTestId('session-status')).toHaveText('Signed in as alice');
  await expect(jwt.getByTestId('jwt-status')).toHaveText('Signed in as alice');

  const inspector = jwt.getByRole('region', { name: 'JWT inspector' });
  await expect(inspector.getByTestId('jwt-verdict')).toContainText('✓ verifies (ES256');
  await expect(inspector).toContainText('"u_alice"');
  await expect(inspector).toContainText('"authlab-api"');
  await expect(inspector).toContainText('"at+jwt"');
  await expect(inspector.getByTestId('jwt-size')).toContainText('bytes of Authorization header');
  // The refresh cookie's Path=/ companion goes with every call too, in a header cell as well (outside check "eighth" E1).
  await expect(inspector.getByTestId('jwt-size')).toContainText(/and \d+ bytes of authlab_refresh_bind cookie on every/);
  await expect(inspector).toContainText('Access token expires in 0:');

  const sessionInspector = session.getByRole('region', { name: 'Session inspector' });
  await expect(sessionInspector.getByTestId('session-cookie')).toContainText('authlab_session');
  await expect(sessionInspector.getByTestId('session-cookie')).toContainText('HttpOnly');
  await expect(sessionInspector.getByTestId('session-seal')).toContainText('never shown to page scripts');
  await expect(sessionInspector.getByTestId('session-record')).toContainText('alice (admin)');
  // The page's own scripts hold nothing of the session id.
  expect(await page.evaluate(() => document.cookie)).not.toContain('authlab_session');

  await page.getByRole('button', { name: 'Call /api/me in both' }).click();
  await expect(session.getByTestId('cost-line')).toContainText('1 store lookup ·');
  await expect(session.getByTestId('cost-line')).toContainText('(session lookup)');
  await expect(jwt.getByTestId('cost-line')).toContainText('0 store lookups ·');
  await expect(jwt.getByTestId('cost-line')).toContainText('(jwt ES256)');
  await expect(session.getByRole('region', { name: 'Session timeline' })).toContainText('GET /api/me with the cookie → 200');
  await expect(jwt.getByRole('region', { name: 'JWT timeline' })).toContainText('GET /api/me with the bearer token → 200');
});

test('the access token expires and is refreshed without the user noticing', async ({ page }) => {
  const { jwt } = await openCompare(page, 'fast');
  await jwt.getByRole('button', { name: 'Sign in' }).click();
  await expect(jwt.getByTestId('jwt-status')).toHaveText('Signed in as alice');
  await expect(jwt.getByRole('region', { name: 'JWT timeline' })).toContainText('Refreshed (scheduled)', { timeout: 10_000 });
  await jwt.getByRole('button', { name: 'Call /api/me' }).click();
  await expect(jwt.getByRole('region', { name: 'JWT timeline' }).getByRole('listitem').first()).toContainText('→ 200');
  await expect(jwt.getByTestId('jwt-status')).toHaveText('Signed in as alice');
});

test('a replayed old refresh token signs the whole family out, and the UI says why', async ({ page, context, playwright, baseURL }) => {
  const { jwt } = await openCompare(page, 'default');
  await jwt.getByRole('button', { name: 'Sign in' }).click();
  await expect(jwt.getByTestId('jwt-status')).toHaveText('Signed in as alice');
  const old = (await context.cookies()).find((c) => c.name === 'authlab_refresh')?.value;
  // The thief copied the companion too (it never changes within a sign-in): without it the token isn't used at all.
  const bind = (await context.cookies()).find((c) => c.name === 'authlab_refresh_bind')?.value;
  await jwt.getByRole('button', { name: 'Refresh now' }).click();
  await expect(jwt.getByRole('region', { name: 'JWT timeline' })).toContainText('Refreshed (manual)');

  // The thief replays the rotated token; once the grace has passed, that is theft.
  const thief = await playwright.request.newContext({
    ...(baseURL ? { baseURL } : {}),
    extraHTTPHeaders: { Cookie: `authlab_refresh=${old}; authlab_refresh_bind=${bind}` },
  });
  await expect.poll(async () => (await thief.post('/api/token/refresh')).status(), { timeout: 10_000, intervals: [500] }).toBe(401);
  expect((await (await thief.post('/api/token/refresh')).json()).error.code).toBe('refresh_token_reused');
  await thief.dispose();

  await jwt.getByRole('button', { name: 'Refresh now' }).click();
  await expect(jwt.getByTestId('jwt-status')).toContainText('refresh_token_reused');
  await expect(jwt.getByTestId('jwt-status')).toContainText('A refresh token was used twice');
});

test('two tabs refreshing at once both stay signed in', async ({ context }) => {
  const first = await context.newPage();
  const a = await openCompare(first, 'default');
  await a.jwt.getByRole('button', { name: 'Sign in' }).click();
  await expect(a.jwt.getByTestId('jwt-status')).toHaveText('Signed in as alice');
  const second = await context.newPage();
  const b = await openCompare(second, 'default');
  await expect(b.jwt.getByTestId('jwt-status')).toHaveText('Signed in as alice');

  await Promise.all([
    a.jwt.getByRole('button', { name: 'Refresh now' }).click(),
    b.jwt.getByRole('button', { name: 'Refresh now' }).click(),
  ]);
  for (const pane of [a.jwt, b.jwt]) {
    await pane.getByRole('button', { name: 'Call /api/me' }).click();
    // The refreshes' own entries may land after the call's (the clicks above don't wait for their answers): read the call's.
    await expect(
      pane.getByRole('region', { name: 'JWT timeline' }).getByRole('listitem').filter({ hasText: '/api/me' }).first(),
    ).toContainText('→ 200');
    await expect(pane.getByTestId('jwt-status')).toHaveText('Signed in as alice');
    await expect(pane.getByRole('region', { name: 'JWT timeline' })).not.toContainText('refused');
  }
});

test('the session idles out and the UI says so', async ({ page }) => {
  const { session } = await openCompare(page, 'fast');
  await session.getByRole('button', { name: 'Sign in' }).click();
  await expect(session.getByTestId('session-status')).toHaveText('Signed in as alice');
  await expect(session.getByTestId('session-status')).toContainText('expired after a period without use', { timeout: 10_000 });
});

test('the absolute timeout ends a session that is kept busy', async ({ page }) => {
  const { session } = await openCompare(page, 'fast');
  await session.getByRole('button', { name: 'Sign in' }).click();
  await expect(session.getByTestId('session-status')).toHaveText('Signed in as alice');
  await session.getByLabel('Keep busy (a call a second)').check();
  await expect(session.getByTestId('session-status')).toContainText('absolute lifetime', { timeout: 20_000 });
  // It was in use all along: several answers were 200 before the end.
  await expect(session.getByRole('region', { name: 'Session timeline' }).getByText('→ 200')).not.toHaveCount(0);
  expect(await session.getByRole('region', { name: 'Session timeline' }).getByText('→ 200').count()).toBeGreaterThan(5);
});

test('with auto-refresh off, the access token expires in view and a call gets 401 token_expired', async ({ page }) => {
  const { jwt } = await openCompare(page, 'fast');
  await jwt.getByLabel('Auto-refresh').uncheck();
  await jwt.getByRole('button', { name: 'Sign in' }).click();
  await expect(jwt.getByTestId('jwt-status')).toHaveText('Signed in as alice');
  const timeline = jwt.getByRole('region', { name: 'JWT timeline' });
  await expect(timeline).toContainText('Access token expired (exp passed)', { timeout: 10_000 });
  await expect(jwt.getByRole('region', { name: 'JWT inspector' })).toContainText('Access token expired');

  // The server's clock tolerance may still let the token pass for a few seconds after exp.
  await expect(async () => {
    await jwt.getByRole('button', { name: 'Call /api/me' }).click();
    await expect(timeline.getByRole('listitem').first()).toContainText('→ 401 token_expired', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(timeline).not.toContainText('Refreshed');

  await jwt.getByRole('button', { name: 'Refresh now' }).click();
  await expect(timeline).toContainText('Refreshed (manual)');
  await jwt.getByRole('button', { name: 'Call /api/me' }).click();
  await expect(timeline.getByRole('listitem').first()).toContainText('→ 200');
});

test('with auto-refresh off, the refresh cookie runs out and the refusal says why', async ({ page }) => {
  test.setTimeout(90_000);
  const { jwt } = await openCompare(page, 'fast');
  await jwt.getByLabel('Auto-refresh').uncheck();
  await jwt.getByRole('button', { name: 'Sign in' }).click();
  await expect(jwt.getByTestId('jwt-status')).toHaveText('Signed in as alice');
  const timeline = jwt.getByRole('region', { name: 'JWT timeline' });
  await expect(timeline).toContainText('Refresh cookie expired', { timeout: 50_000 });
  await jwt.getByRole('button', { name: 'Refresh now' }).click();
  await expect(jwt.getByTestId('jwt-status')).toContainText('Refresh refused');
  await expect(jwt.getByTestId('jwt-status')).toContainText('the refresh cookie expired at');
  await expect(timeline).not.toContainText('Refreshed');
});
