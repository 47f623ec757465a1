// Issue #18: the attack lab's transport matrix. One run plays six cells (session or JWT × cookie,
// header or both) on a throwaway member and shows six measured outcomes per cell; the visitor's
// own cookies (bob, signed in on `/`) come out of it byte for byte as they went in.
import type { Locator, Page } from '@playwright/test';
import { expectNoSeriousFindings, expectNothingHiddenSideways } from './axe';
import { expect, test } from './fixtures';

// Seven deliberately slow password hashes (one throwaway user, six sign-ins), queued behind other
// workers' sign-ins on a busy 2-core machine: wait for the run's end itself, with room for that.
const RUN = { timeout: 120_000 };
test.describe.configure({ timeout: 240_000 });

type Column = 'exfiltration' | 'riding' | 'csrf' | 'replay' | 'bytes' | 'lookups';
const cell = (page: Page, row: string, column: Column): Locator =>
  page.getByTestId(`matrix-row-${row}`).getByTestId(`matrix-${column}`).getByTestId('outcome');
const evidence = (page: Page, row: string, column: Column): Locator =>
  page.getByTestId(`matrix-row-${row}`).getByTestId(`matrix-${column}`).locator('details');

async function runMatrix(page: Page) {
  await page.goto('/attacks');
  await page.getByRole('button', { name: 'Run the matrix' }).click();
  await expect(page.getByTestId('matrix-status')).toContainText('Done: 6 of 6 cells played as tmp-', RUN);
}

test('the matrix measures every cell live, and the visitor stays who they were, cookie for cookie', async ({ page, signedInAs }) => {
  await signedInAs('bob', 'Session');
  const before = await page.context().cookies();
  expect(before.map((c) => c.name)).toContain('authlab_session');

  // The page itself signs no one in: the server plays every sign-in, as a throwaway member.
  const signIns: string[] = [];
  page.on('request', (r) => {
    if (/^\/api\/(token|session\/login)$/.test(new URL(r.url()).pathname)) signIns.push(r.url());
  });
  const settings = await page.request.get('/api/settings', { headers: { Cookie: '' } });
  const denylist = ((await settings.json()) as { jwtDenylist: boolean }).jwtDenylist;
  await runMatrix(page);

  expect(signIns).toEqual([]);
  for (const row of ['session-cookie', 'jwt-both']) {
    await expect(evidence(page, row, 'replay')).toContainText(/POST \/api\/(session\/login|token) \(transport: (cookie|both)\) → 200/);
  }

  // (a) Exfiltration: HttpOnly cookies give a script nothing; a header credential is taken whole; one half alone is refused.
  for (const row of ['session-cookie', 'jwt-cookie']) {
    await expect(cell(page, row, 'exfiltration')).toHaveText('✓ nothing readable: the credential cookie is HttpOnly');
  }
  await expect(cell(page, 'session-header', 'exfiltration')).toHaveText(
    '✗ the session token readable; replayed alone from elsewhere → 200',
  );
  await expect(cell(page, 'jwt-header', 'exfiltration')).toHaveText('✗ the whole JWT readable; replayed alone from elsewhere → 200');
  await expect(cell(page, 'session-both', 'exfiltration')).toHaveText(
    /^✓ the header half \(pair_…\) readable; replayed alone from elsewhere → 401 (unauthenticated|invalid_token)$/,
  );
  await expect(cell(page, 'jwt-both', 'exfiltration')).toHaveText(
    /^✓ the header half \(header\.payload\) readable; replayed alone from elsewhere → 401 (unauthenticated|invalid_token)$/,
  );

  for (const row of ['session-cookie', 'session-header', 'session-both', 'jwt-cookie', 'jwt-header', 'jwt-both']) {
    // (b) Riding: in every cell, a script in the open page acts as the user.
    await expect(cell(page, row, 'riding')).toHaveText(/^✗ acts as tmp-[0-9a-f]{16}: 200$/);
    // (e) Bytes: the figure is the sum the evidence shows for the request as sent.
    const bytes = Number(/^(\d+) B$/.exec((await cell(page, row, 'bytes').textContent()) ?? '')?.[1]);
    const parts = /Cookie (\d+) B(?: \(([^)]*)\))? \+ Authorization (\d+) B/.exec((await evidence(page, row, 'bytes').textContent()) ?? '');
    expect(bytes).toBeGreaterThan(0);
    expect(Number(parts?.[1]) + Number(parts?.[3])).toBe(bytes);
    if (row.endsWith('-cookie')) expect(Number(parts?.[3]), row).toBe(0);
    // A header cell sends no credential cookie; the JWT one carries its refresh cookie's Path=/ companion (outside check
    // "eighth" E1), named in the evidence.
    if (row === 'session-header') expect(Number(parts?.[1]), row).toBe(0);
    if (row === 'jwt-header') expect(parts?.[2], row).toBe('authlab_refresh_bind');
    if (row.endsWith('-both')) expect(Number(parts?.[1]) * Number(parts?.[3]), row).toBeGreaterThan(0);
  }

  // (c) CSRF: the cookie rides and the Origin check refuses it; one half of "both" is no credential; a header is never attached.
  await expect(cell(page, 'session-cookie', 'csrf')).toHaveText('✓ authlab_session attached; refused 403 csrf_rejected');
  await expect(cell(page, 'jwt-cookie', 'csrf')).toHaveText('✓ authlab_access attached; refused 403 csrf_rejected');
  await expect(cell(page, 'session-both', 'csrf')).toHaveText(
    /^✓ authlab_session_both attached; refused (401 unauthenticated|403 csrf_rejected)$/,
  );
  await expect(cell(page, 'jwt-both', 'csrf')).toHaveText(
    /^✓ authlab_access_sig attached; refused (401 unauthenticated|403 csrf_rejected)$/,
  );
  for (const row of ['session-header', 'jwt-header']) {
    await expect(cell(page, row, 'csrf')).toHaveText('✓ nothing attached; refused 401 unauthenticated');
  }
  // The victim is still signed in after the refused request.
  await expect(evidence(page, 'session-cookie', 'csrf')).toContainText('GET /api/me (the victim, afterwards) → 200');

  // (d) A copy after sign-out: a session ends at once; a JWT only if the denylist is on (read, never flipped).
  for (const row of ['session-cookie', 'session-header', 'session-both']) {
    await expect(cell(page, row, 'replay')).toHaveText('✓ refused: 401 session_revoked (the session record is gone)');
  }
  for (const row of ['jwt-cookie', 'jwt-header', 'jwt-both']) {
    await expect(cell(page, row, 'replay')).toHaveText(
      denylist ? /^✓ refused: 401 \S+ \(denylist on: the jti is refused\)$/ : '✗ accepted: 200 (denylist off: valid until exp)',
    );
    await expect(evidence(page, row, 'replay')).toContainText(`jwtDenylist ${denylist} (read, never changed)`);
  }

  // (f) Store lookups: one per session request; none for a JWT unless the denylist is on.
  for (const row of ['session-cookie', 'session-header', 'session-both']) await expect(cell(page, row, 'lookups')).toHaveText('1');
  for (const row of ['jwt-cookie', 'jwt-header', 'jwt-both']) await expect(cell(page, row, 'lookups')).toHaveText(denylist ? '1' : '0');

  // Each cell's evidence opens from the keyboard.
  const details = evidence(page, 'jwt-both', 'exfiltration');
  await details.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(details.getByText(/GET \/api\/me \(from elsewhere, with only what the script read\) → 401/)).toBeVisible();

  // The filled table, one cell's evidence open, passes axe in both schemes; at 360 px too.
  await expectNoSeriousFindings(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousFindings(page);
  // At 360 px the table becomes stacked rows: neither the page nor any box in it scrolls sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  await expect(page.getByRole('region', { name: 'Transport matrix results' })).toBeVisible();
  await expectNothingHiddenSideways(page);
  await expectNoSeriousFindings(page);

  // The visitor's jar is exactly what it was, and bob is still signed in on `/`.
  expect(await page.context().cookies()).toEqual(before);
  await page.goto('/');
  await expect(page.getByTestId('whoami')).toContainText('Signed in as bob');
});
