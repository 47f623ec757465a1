import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const attack = (page: Page, title: string) => page.getByRole('listitem', { name: title });

// A verdict waits for up to two scrypt hashes (creating a throwaway user, then signing it in; N = 2^15,
// about half a second each on an idle core) queued behind other workers' sign-ins on a busy 2-core
// machine, plus, for the refresh attacks, the reuse grace. Wait for the verdict itself, with room for that.
const VERDICT = { timeout: 30_000 };
test.describe.configure({ timeout: 180_000 });

async function run(page: Page, title: string) {
  const card = attack(page, title);
  await card.getByRole('button', { name: 'Run' }).click();
  // The card says what it is waiting for while the hashes run (or the verdict is already there).
  await expect(card.getByTestId('running').or(card.getByTestId('verdict'))).toBeVisible();
  return card.getByTestId('verdict');
}

test('every JWT and session attack is refused, with the reason shown', async ({ page }) => {
  await page.goto('/attacks');
  await expect(await run(page, 'Tamper with the payload')).toHaveText('✓ Blocked: 401 invalid_token', VERDICT);
  await expect(await run(page, 'Switch to alg: none')).toHaveText('✓ Blocked: 401 invalid_token', VERDICT);
  await expect(await run(page, 'Replay a cookie after logout')).toHaveText('✓ Blocked: 401 session_revoked', VERDICT);
  await expect(await run(page, 'Cross-site POST')).toHaveText('✓ Blocked: 403 csrf_rejected', VERDICT);
  await expect(await run(page, 'Cookie tossing')).toHaveText('✓ Blocked: 400 duplicate_cookie', VERDICT);
  await expect(attack(page, 'Cookie tossing')).toContainText('GET /api/me → 200');
  await expect(attack(page, 'Cookie tossing')).toContainText('without its companion) → 401 invalid_token');
  await expect(await run(page, 'Reuse a rotated refresh token')).toHaveText('✓ Blocked: 401 refresh_token_reused', VERDICT);
  await expect(attack(page, 'Reuse a rotated refresh token')).toContainText('POST /api/token/refresh → 401 refresh_token_reused');
});

test('a revoked JWT still passes while the denylist is off: the lab says so', async ({ page }) => {
  await page.goto('/attacks');
  await expect(await run(page, 'Replay a token after logout')).toHaveText(/^✗ Got through: 200/, VERDICT);
  await expect(attack(page, 'Replay a token after logout')).toContainText('The denylist check is off');
});

test('XSS: a token in memory cannot be carried away; one in localStorage can, and the thief replays it', async ({ page }) => {
  await page.goto('/attacks');
  await page.getByRole('button', { name: 'Sign in a throwaway user and keep the token' }).click();
  await expect(await run(page, 'XSS: a script reads what it can')).toHaveText('✓ Blocked: the script found no credential to carry away');
  await expect(await run(page, 'Stolen-token replay')).toHaveText('✓ Blocked: nothing was stolen, so nothing to replay');

  await page.getByLabel('In localStorage (unsafe)').check();
  await page.getByRole('button', { name: 'Sign in a throwaway user and keep the token' }).click();
  await expect.poll(() => page.evaluate(() => window.localStorage.getItem('authlab:lab-token')), VERDICT).not.toBeNull();
  await expect(await run(page, 'XSS: a script reads what it can')).toHaveText(
    '✗ Got through: the script read the bearer token from localStorage',
  );
  await expect(await run(page, 'Stolen-token replay')).toHaveText('✗ Got through: 200: the thief is signed in as you from elsewhere');
});

test('the refresh race: parallel refreshes with one token get one successor; reuse after the grace ends the family', async ({ page }) => {
  await page.goto('/attacks');
  await expect(await run(page, 'Refresh race')).toHaveText('✓ Blocked: 401 refresh_token_reused', VERDICT);
  await expect(attack(page, 'Refresh race')).toContainText('10 × 200, 1 distinct successor');
});

test('the lab plays with throwaway users only: no sign-in as a real account leaves the page or the server', async ({ page, request }) => {
  const signIns: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/(token|session\/login)$/.test(new URL(r.url()).pathname) && r.method() === 'POST') {
      signIns.push((JSON.parse(r.postData() ?? '{}') as { username?: string }).username ?? '');
    }
  });
  await page.goto('/attacks');
  await expect(await run(page, 'Tamper with the payload')).toHaveText('✓ Blocked: 401 invalid_token', VERDICT);
  await expect(await run(page, 'Replay a token after logout')).toContainText('200', VERDICT);
  expect(signIns.length).toBeGreaterThan(0);
  for (const name of signIns) expect(name).toMatch(/^tmp-[0-9a-f]{16}$/);
  for (const played of ['cookie-replay', 'cross-site-post']) {
    const answer = await request.post('/api/lab/attack', { data: { attack: played } });
    expect(((await answer.json()) as { user: string }).user).toMatch(/^tmp-[0-9a-f]{16}$/);
  }
});
