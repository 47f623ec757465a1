// The Measure page as admin, with the denylist box ticked: it switches the global check on for the
// run, measures JWT with it, and switches it back off. Serial: the switch is global state.
import { expect, test } from '../fixtures';
import { setDenylist } from './denylist';

test.afterEach(async ({ request }) => {
  await setDenylist(request, false);
});

test('measures JWT with the denylist on, then restores the switch', async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.goto('/measure');
  await page.getByLabel('Requests per mode').selectOption('20');
  await page.getByLabel('Also measure JWT with the denylist on').check();
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('status')).toContainText('Done: 60 requests', { timeout: 60_000 });

  expect(Number(await page.getByTestId('median-jwt+denylist').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('trips-jwt+denylist')).toHaveText('1');
  await expect(page.getByTestId('trips-jwt')).toHaveText('0');
  await expect(page.getByTestId('denylist-reading')).toContainText('With the denylist on, a JWT check goes from');
  await expect(
    page.getByRole('figure', { name: 'What the denylist does to JWT mode' }).locator('.recharts-bar-rectangle').first(),
  ).toBeVisible();
  await expect(page.getByText('The switch was turned on for this run and is off again.')).toBeVisible();
  expect((await (await request.get('/api/settings')).json()).jwtDenylist).toBe(false);
});
