// The Learn page measures every claim on this server when asked: no figure before the run, a progress
// bar that reaches its end, a number on every measured card (more than zero where it is a cost), the
// page's own cookies untouched, and the measurement endpoint refusing anything but a throwaway member.
import { expect, test, throwawayUser } from './fixtures';

/** The cards that carry a cost (ms or bytes), which must be more than zero; the others must show a number. */
const COSTS = ['lookup', 'refresh', 'hmac', 'jwks', 'size', 'double-session', 'jwt-cookie', 'hybrid', 'hybrid-exchange'];
const MEASURED = [...COSTS, 'self-contained', 'revocation', 'keys', 'xss', 'denylist-size'];

test('"Measure on this server" fills every claim card and leaves the visitor as they were', async ({ signedInAs, page }) => {
  test.setTimeout(150_000);
  await signedInAs('bob', 'Session');
  const cookiesBefore = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).sort();
  expect(cookiesBefore.some((c) => c.startsWith('authlab_session='))).toBe(true);

  await page.goto('/learn');
  // Before the run, no card shows a figure: none is written into the page.
  for (const id of MEASURED) {
    await expect(page.getByTestId(`live-${id}`), id).toContainText('not measured yet');
    await expect(page.getByTestId(`live-${id}`).locator('[data-figure]'), id).toHaveCount(0);
  }
  const progress = page.getByRole('progressbar', { name: 'Claims measured' });
  await expect(progress).toHaveAttribute('value', '0');

  await page.getByRole('button', { name: 'Measure on this server' }).click();
  const status = page.getByRole('status').filter({ hasText: /Measured at|Measuring|Nothing measured/ });
  await expect(status).toContainText('Measuring');
  await expect(status).toContainText('Measured at', { timeout: 120_000 });
  await expect(status).not.toContainText('stopped with an error');
  const max = await progress.getAttribute('max');
  expect(Number(max)).toBe(MEASURED.length);
  await expect(progress).toHaveAttribute('value', String(max));
  await expect(page.getByTestId('live-progress-count')).toHaveText(`${max} of ${max}`);

  for (const id of MEASURED) {
    const card = page.getByTestId(`live-${id}`);
    await expect(card.getByRole('table', { name: /^Measured on this server at / }), id).toBeVisible();
    const values = (
      await card.locator('[data-figure]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-figure'))))
    ).filter(Number.isFinite);
    expect(values.length, `${id} shows a number`).toBeGreaterThan(0);
    if (COSTS.includes(id)) expect(values[0], `${id}'s first figure is a cost`).toBeGreaterThan(0);
  }

  // What the claims say, as measured now.
  const figure = (id: string, label: string | RegExp) => page.getByTestId(`live-${id}`).getByRole('row', { name: label });
  await expect(figure('lookup', 'Session: store round trips per request')).toContainText('1');
  await expect(figure('lookup', 'JWT: store round trips per request').getByRole('cell').first()).toHaveText(/^[01]$/);
  await expect(figure('self-contained', 'A token with role changed to admin')).toContainText('401');
  await expect(figure('revocation', 'Session, right after its revocation')).toContainText('401');
  await expect(figure('double-session', 'Either half alone')).toContainText('401');
  await expect(figure('jwt-cookie', 'Token cookies the page’s script could read').getByRole('cell').first()).toHaveText('0');
  // Bob's own session cookie rides with his requests, and this page's script can't see it.
  await expect(page.getByTestId('browser-cookies')).toContainText(
    "it sends 2 authlab cookies with GET /api/me (authlab_session, authlab_device); this page's script can read none of them.",
  );
  await expect(figure('xss', 'A cross-site POST carrying the cookie')).toContainText('403');
  await expect(figure('xss', 'A cross-site POST carrying the cookie')).toContainText('csrf_rejected');
  const entries = Number(await figure('denylist-size', 'Denylist entries now').locator('[data-figure]').getAttribute('data-figure'));
  expect(entries).toBeGreaterThanOrEqual(1);
  // Ten internal calls: ten exchanges' worth of store lookups against one.
  const lookups = async (label: string | RegExp) =>
    Number(await figure('hybrid-exchange', label).locator('[data-figure]').getAttribute('data-figure'));
  const perCall = await lookups(/^Auth-service store lookups for 10 internal calls, exchanging each time/);
  const reused = await lookups(/^… reusing one internal token/);
  expect(reused).toBeGreaterThanOrEqual(1);
  expect(perCall).toBeGreaterThanOrEqual(10 * reused);
  // A distribution is charted, with its reading and a table of the same numbers.
  await expect(page.getByTestId('live-lookup').getByRole('figure')).toContainText('median');
  // The cards that would need the store taken down say so instead of showing a number.
  await expect(page.getByTestId('live-store')).toContainText('No live figure');
  await expect(page.getByTestId('live-scale')).toContainText('No live figure');

  // Bob's cookies are exactly what they were, and / still knows him.
  expect((await page.context().cookies()).map((c) => `${c.name}=${c.value}`).sort()).toEqual(cookiesBefore);
  const me = await page.request.get('/api/me');
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { user: { username: string } }).user.username).toBe('bob');
});

test('POST /api/lab/measure measures as a throwaway member only, and says why not otherwise', async ({ request }) => {
  const real = await request.post('/api/lab/measure', { data: { claim: 'keys', username: 'bob', password: 'x' } });
  expect(real.status()).toBe(400);
  expect(((await real.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'validation_failed' });
  const unknown = await request.post('/api/lab/measure', { data: { claim: 'nope', username: 'tmp-0000000000000000', password: 'x' } });
  expect(unknown.status()).toBe(400);
  const gone = await request.post('/api/lab/measure', { data: { claim: 'lookup', username: 'tmp-0000000000000000', password: 'x' } });
  expect(gone.status()).toBe(401);
  expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
  const member = await throwawayUser(request);
  const wrong = await request.post('/api/lab/measure', {
    data: { claim: 'keys', username: member.username, password: `${member.password}x` },
  });
  expect(wrong.status()).toBe(401);
  expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
  const right = await request.post('/api/lab/measure', { data: { claim: 'keys', username: member.username, password: member.password } });
  expect(right.status()).toBe(200);
  expect(((await right.json()) as { claim: string; figures: { value: number }[] }).figures[0]?.value).toBeGreaterThan(0);
});

test('GET /api/denylist answers a count and when the list is empty again, never an entry', async ({ request }) => {
  const answer = await request.get('/api/denylist');
  expect(answer.status()).toBe(200);
  const body = (await answer.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['checked', 'entries', 'lastExpiresAt', 'marginSeconds']);
  expect(typeof body.entries).toBe('number');
});
