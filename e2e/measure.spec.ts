// The Measure page: a small run in both modes draws its charts from real Server-Timing numbers.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

const number = async (locator: import('@playwright/test').Locator) => Number((await locator.textContent())?.trim());

test('a run of 20 requests per mode charts real auth costs, bytes and store round trips, as a throwaway user', async ({ page }) => {
  // Forty requests one after another, on a machine that may be busy with other test workers.
  test.setTimeout(90_000);
  await page.goto('/measure');
  await expect(page.getByRole('link', { name: 'Measure' })).toHaveAttribute('aria-current', 'page');
  // Measure signs in a throwaway member only: no real account's sign-in leaves the page.
  const signIns: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/(token|session\/login)$/.test(new URL(r.url()).pathname) && r.method() === 'POST') {
      signIns.push((JSON.parse(r.postData() ?? '{}') as { username?: string }).username ?? '');
    }
  });
  await page.getByLabel('Requests per mode').selectOption('20');
  await page.getByRole('button', { name: 'Start run' }).click();

  await expect(page.getByRole('status')).toContainText(/Done: 40 requests in [\d.]+ s, as throwaway user tmp-[0-9a-f]{16}\./, {
    timeout: 60_000,
  });
  expect(signIns).toHaveLength(2);
  for (const name of signIns) expect(name).toMatch(/^tmp-[0-9a-f]{16}$/);
  await expect(page.getByTestId('progress-count')).toHaveText('40 / 40 requests');

  const cost = page.getByTestId('cost-table');
  expect(await number(cost.getByTestId('median-session'))).toBeGreaterThan(0);
  expect(await number(cost.getByTestId('median-jwt'))).toBeGreaterThan(0);
  expect(await number(cost.getByTestId('p95-session'))).toBeGreaterThanOrEqual(await number(cost.getByTestId('median-session')));

  // One store lookup per session request, none per JWT request.
  await expect(page.getByTestId('trips-session')).toHaveText('1');
  await expect(page.getByTestId('trips-jwt')).toHaveText('0');

  // This browser has no session cookie: the session measured is the throwaway's opaque id in a header.
  const sessionBytes = await number(page.getByTestId('bytes-session'));
  const bearerBytes = await number(page.getByTestId('bytes-jwt'));
  await expect(page.getByTestId('bytes-table')).toContainText('Session id (header)');
  expect(sessionBytes).toBe('Authorization: Bearer sess_'.length + 43);
  expect(bearerBytes).toBeGreaterThan(100);
  expect(Math.max(sessionBytes, bearerBytes)).toBeLessThan(4096);
  // And no cookie was set: not the session, not the refresh cookie of the JWT sign-in.
  expect(await page.context().cookies()).toEqual([]);

  // Every chart is drawn (SVG bars) and read out in a sentence.
  for (const [title, reading] of [
    ['What the check costs, per request', /A session check took [\d.]+ ms \(median; p95 [\d.]+ ms\)/],
    [
      'Bytes each request carries for its credential',
      /Each JWT request sends a \d+-byte Authorization header, [\d.]+× the session id header's \d+ bytes/,
    ],
    ['Store round trips per request', /Session 1, JWT 0/],
  ] as const) {
    const figure = page.getByRole('figure', { name: title });
    await expect(figure.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expect(figure.getByRole('paragraph').first()).toHaveText(reading);
  }
  await expect(page.getByRole('figure', { name: 'Bytes each request carries for its credential' })).toContainText('cookie limit, 4096 B');

  // The denylist is off and Measure never switches it: the page says so, points to where an admin does, and shows no number.
  const note = page.getByTestId('denylist-not-measured');
  await expect(note).toContainText('the denylist is off, and this page measures the setting as it is');
  await expect(note.getByRole('link', { name: 'Revocation page' })).toHaveAttribute('href', '/revocation');
  await expect(page.getByTestId('median-jwt+denylist')).toHaveCount(0);

  // The results (charts, tables, readings) pass axe too, not only the empty page.
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});

test('signed in with a session cookie, a run measures that cookie, read only: the same cookies and the same user on / afterwards', async ({
  page,
  authPage,
}) => {
  test.setTimeout(90_000);
  await authPage.goto();
  await authPage.chooseMode('Session');
  await authPage.signIn('bob');
  await authPage.expectSignedIn('bob', 'Session');
  const cookiesBefore = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).sort();
  const signIns: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/(token|session\/login)$/.test(new URL(r.url()).pathname) && r.method() === 'POST') {
      signIns.push((JSON.parse(r.postData() ?? '{}') as { username?: string }).username ?? '');
    }
  });

  await page.goto('/measure');
  await page.getByLabel('Requests per mode').selectOption('20');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('status')).toContainText(
    /Done: 40 requests in [\d.]+ s: the session with this browser's own cookie, the JWT as throwaway user tmp-[0-9a-f]{16}\./,
    { timeout: 60_000 },
  );
  // Only the JWT needed a sign-in, and it was the throwaway's.
  expect(signIns).toHaveLength(1);
  expect(signIns[0]).toMatch(/^tmp-[0-9a-f]{16}$/);
  await expect(page.getByTestId('bytes-table')).toContainText('Session cookie');
  expect(await number(page.getByTestId('bytes-session'))).toBeGreaterThan(100);
  await expect(page.getByTestId('trips-session')).toHaveText('1');

  expect((await page.context().cookies()).map((c) => `${c.name}=${c.value}`).sort()).toEqual(cookiesBefore);
  await authPage.goto();
  await authPage.expectSignedIn('bob', 'Session');
});
