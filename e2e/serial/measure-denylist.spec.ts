// The Measure page while an admin has the denylist on: it measures JWT with the setting as it is (a
// throwaway member can't switch it, and the page never tries). Serial: the switch is global state.
import { expect, test } from '../fixtures';
import { setDenylist } from './denylist';

test.afterEach(async ({ request }) => {
  await setDenylist(request, false);
});

test('measures JWT with the denylist on when an admin has switched it on, and leaves the switch alone', async ({ page, request }) => {
  test.setTimeout(90_000);
  await setDenylist(request, true);
  const patches: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/settings' && r.method() !== 'GET') patches.push(r.method());
  });
  await page.goto('/measure');
  await page.getByLabel('Requests per mode').selectOption('20');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('status')).toContainText('Done: 40 requests', { timeout: 60_000 });

  expect(Number(await page.getByTestId('median-jwt+denylist').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('trips-jwt+denylist')).toHaveText('1');
  await expect(page.getByTestId('trips-session')).toHaveText('1');
  await expect(
    page.getByRole('figure', { name: 'What the denylist does to JWT mode' }).locator('.recharts-bar-rectangle').first(),
  ).toBeVisible();
  await expect(page.getByText('The denylist was on for every instance, so every JWT answer above includes its lookup.')).toBeVisible();
  expect(patches).toEqual([]);
  expect((await (await request.get('/api/settings')).json()).jwtDenylist).toBe(true);
});
