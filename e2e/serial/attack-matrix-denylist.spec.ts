// The transport matrix while an admin has the denylist on: the JWT rows measure it as it is (a copy
// refused after sign-out, one lookup per request), and the run leaves the switch where it was.
// Serial: the switch is global state.
import { expect, test } from '../fixtures';
import { setDenylist } from './denylist';

test.afterEach(async ({ request }) => {
  await setDenylist(request, false);
});

test('with the denylist on, a JWT copy is refused after sign-out and every JWT request costs one lookup; the switch stays on', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await setDenylist(request, true);
  const patches: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/settings' && r.method() !== 'GET') patches.push(r.method());
  });
  await page.goto('/attacks');
  await page.getByRole('button', { name: 'Run the matrix' }).click();
  await expect(page.getByTestId('matrix-status')).toContainText('Done: 6 of 6 cells played as tmp-', { timeout: 120_000 });

  for (const row of ['jwt-cookie', 'jwt-header', 'jwt-both']) {
    const cells = page.getByTestId(`matrix-row-${row}`);
    await expect(cells.getByTestId('matrix-replay').getByTestId('outcome')).toHaveText(
      /^✓ refused: 401 \S+ \(denylist on: the jti is refused\)$/,
    );
    await expect(cells.getByTestId('matrix-replay')).toContainText('jwtDenylist true (read, never changed)');
    await expect(cells.getByTestId('matrix-lookups').getByTestId('outcome')).toHaveText('1');
    await expect(cells.getByTestId('matrix-lookups')).toContainText('denylist');
  }
  // The cross-site PATCH the server forged carried the setting in force, and was refused: nothing changed.
  await expect(page.getByTestId('matrix-row-jwt-cookie').getByTestId('matrix-csrf').getByTestId('outcome')).toHaveText(
    '✓ authlab_access attached; refused 403 csrf_rejected',
  );
  expect(patches).toEqual([]);
  expect((await (await request.get('/api/settings')).json()).jwtDenylist).toBe(true);
});
