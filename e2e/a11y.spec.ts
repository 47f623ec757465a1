// Accessibility: axe on every page, in light and dark, signed out and in the states where a page
// shows more; live regions that announce sign-in, expiry and revocation; every page at phone width.
import type { Page } from '@playwright/test';
import { expectNoSeriousFindings, expectNothingHiddenSideways } from './axe';
import { expect, test, type Mode } from './fixtures';

/**
 * Every page in the tree. A page that answers anything but 200 fails its tests, so a new page must be
 * added here when it lands.
 */
const PAGES = ['/', '/compare', '/revocation', '/attacks', '/console', '/learn', '/keys', '/outage', '/measure'] as const;
const SCHEMES = ['light', 'dark'] as const;
/** Phone and laptop: every page is checked at both, so a layout that only breaks narrow is caught. */
const WIDTHS = [1280, 360] as const;

/** Opens a page and waits until React has hydrated (the theme switch is enabled only then). */
async function open(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), `${path} answers 200`).toBe(200);
  await expect(page.getByRole('combobox', { name: 'Theme' })).toBeEnabled();
}

for (const scheme of SCHEMES) {
  for (const width of WIDTHS) {
    test.describe(`${scheme} scheme, ${width} px`, () => {
      test.use({ colorScheme: scheme, viewport: { width, height: 800 } });
      // One axe run per test, but a full one: on a machine busy with other workers it can take half a minute.
      test.describe.configure({ timeout: 90_000 });

      for (const path of PAGES) {
        test(`${path} has no serious axe findings`, async ({ page }) => {
          await open(page, path);
          await expectNoSeriousFindings(page);
        });
      }

      for (const mode of ['Session', 'JWT', 'Hybrid'] as const satisfies readonly Mode[]) {
        test(`/ signed in with ${mode} has no serious axe findings`, async ({ signedInAs, page }) => {
          const auth = await signedInAs('alice', mode);
          await auth.call('/api/me');
          if (mode === 'Session') await expect(page.getByRole('list', { name: 'Active sessions' })).toBeVisible();
          if (mode === 'JWT') await expect(page.getByTestId('denylist-state')).not.toContainText('Reading');
          if (mode === 'Hybrid') {
            await page.getByRole('button', { name: 'Exchange for an internal token' }).click();
            await expect(auth.status()).toHaveText('200 OK');
          }
          await expectNoSeriousFindings(page);
        });
      }

      test('/compare signed in both ways has no serious axe findings', async ({ page }) => {
        await open(page, '/compare');
        await page.getByRole('button', { name: 'Sign in both' }).click();
        await expect(page.getByTestId('session-status')).toHaveText('Signed in as alice');
        await expect(page.getByTestId('jwt-status')).toHaveText('Signed in as alice');
        await page.getByRole('button', { name: 'Call /api/me in both' }).click();
        await expect(page.getByTestId('cost-line')).toHaveCount(2);
        await expect(page.getByTestId('jwt-verdict')).toContainText('✓ verifies');
        await expectNoSeriousFindings(page);
      });

      test('/revocation after a revoke has no serious axe findings', async ({ page }) => {
        await open(page, '/revocation');
        await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
        await page.getByRole('button', { name: 'Revoke both' }).click();
        await expect(page.getByTestId('window-session')).toContainText('refused');
        await expectNoSeriousFindings(page);
      });

      test('/attacks after running attacks has no serious axe findings', async ({ page }) => {
        await open(page, '/attacks');
        for (const title of ['Tamper with the payload', 'Replay a token after logout', 'XSS: a script reads what it can']) {
          const card = page.getByRole('listitem', { name: title });
          await card.getByRole('button', { name: 'Run' }).click();
          await expect(card.getByTestId('verdict')).toBeVisible();
        }
        await expectNoSeriousFindings(page);
      });

      test('/console after a request has no serious axe findings', async ({ page }) => {
        await open(page, '/console');
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        await expect(page.getByRole('status', { name: 'Status code' })).toBeVisible();
        await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
        await expectNoSeriousFindings(page);
      });
    });
  }
}

test('countdowns tick without shifting the layout', async ({ page }) => {
  await open(page, '/compare');
  await page.getByRole('button', { name: 'Sign in both' }).click();
  await expect(page.getByTestId('jwt-verdict')).toContainText('✓ verifies');
  await expect(page.getByTestId('session-record')).toBeVisible();
  // Three ticks of every countdown on the page (token, refresh cookie, idle and absolute timeouts).
  const shifted = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: 'layout-shift' });
        setTimeout(() => resolve(total), 3_200);
      }),
  );
  expect(shifted).toBe(0);
});

test.describe('theme', () => {
  test('the choice is remembered and applied before the app hydrates', async ({ page }) => {
    await open(page, '/');
    await expect(page.locator('html')).not.toHaveClass(/dark/);
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('Dark');
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    // With the app's scripts blocked, only the nonce'd inline script can have set the class.
    await page.route('**/_next/static/chunks/**', (route) => route.abort());
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) errors.push(m.text());
    });
    await page.goto('/compare');
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(248, 250, 252)');
    expect(errors).toEqual([]);
    await page.unroute('**/_next/static/chunks/**');
    await open(page, '/');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('System');
    await expect(page.locator('html')).not.toHaveClass(/dark|light/);
  });
});

test.describe('live regions', () => {
  async function liveRegion(page: Page) {
    const region = page.getByRole('status').filter({ hasNotText: /^$/ }).first();
    // role=status is polite by definition; an explicit aria-live must not make it quieter.
    await expect(region).not.toHaveAttribute('aria-live', 'off');
    return region;
  }

  test('sign-in and sign-out are announced on the home page', async ({ authPage: auth, page }) => {
    await auth.goto();
    const status = page.getByRole('status');
    await expect(status).toHaveCount(1);
    await auth.signIn('bob');
    await expect(status).toHaveText('Signed in as bob with a session cookie.');
    await auth.signOut();
    await expect(await liveRegion(page)).toHaveText('Signed out.');
  });

  test('expiry is announced on the compare page', async ({ page }) => {
    await open(page, '/compare');
    await page.getByLabel('Lifetimes').selectOption('fast');
    const session = page.getByRole('region', { name: 'Session pane' });
    await session.getByRole('button', { name: 'Sign in' }).click();
    const status = session.getByRole('status');
    await expect(status).toHaveText('Signed in as alice');
    await expect(status).toContainText('expired after a period without use', { timeout: 10_000 });
  });

  test('revocation is announced on the revocation page', async ({ page }) => {
    await open(page, '/revocation');
    await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
    await expect(page.getByRole('status')).toContainText('Signed in as the throwaway user', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Revoke both' }).click();
    await expect(page.getByRole('status')).toContainText('Session refused');
  });
});

test.describe('phone width', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  for (const path of PAGES) {
    test(`${path} fits 360 px, with nothing in a sideways-scrolling box`, async ({ page }) => {
      await open(page, path);
      await expectNothingHiddenSideways(page);
    });
  }

  test('filled in, the pages still fit 360 px: Measure results, attack verdicts, a console answer, Learn figures', async ({ page }) => {
    test.setTimeout(180_000);
    await open(page, '/measure');
    await page.getByLabel('Requests per mode').selectOption('20');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page.getByRole('status')).toContainText('Done: 40 requests', { timeout: 60_000 });
    await expectNothingHiddenSideways(page);

    await open(page, '/attacks');
    for (const title of ['Tamper with the payload', 'Replay a token after logout', 'XSS: a script reads what it can']) {
      const card = page.getByRole('listitem', { name: title });
      await card.getByRole('button', { name: 'Run' }).click();
      await expect(card.getByTestId('verdict')).toBeVisible({ timeout: 30_000 });
    }
    await expectNothingHiddenSideways(page);

    await open(page, '/console');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Status code' })).toBeVisible();
    await expectNothingHiddenSideways(page);

    await open(page, '/learn');
    await page.getByRole('button', { name: 'Measure on this server' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Measured at' })).toBeVisible({ timeout: 90_000 });
    await expectNothingHiddenSideways(page);
  });

  test('the signed-in home page and both compare panes fit 360 px', async ({ signedInAs, page }) => {
    const auth = await signedInAs('alice', 'JWT');
    await auth.call('/api/me');
    await expectNothingHiddenSideways(page);
    await open(page, '/compare');
    await page.getByRole('button', { name: 'Sign in both' }).click();
    // Both panes signed in (each sign-in hashes a password: slow on a busy machine) before calling from both.
    for (const side of ['a', 'b'])
      await expect(page.getByTestId(`pane-${side}`).getByRole('status')).toHaveText('Signed in as alice', { timeout: 15_000 });
    await expect(page.getByTestId('jwt-verdict')).toContainText('✓ verifies');
    let answered = 0;
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/api/me') answered += 1;
    });
    await page.getByRole('button', { name: 'Call /api/me in both' }).click();
    await expect.poll(() => answered).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('cost-line')).toHaveCount(2);
    await expectNothingHiddenSideways(page);
  });
});

test.describe('learn', () => {
  test('every claim links to a live demo that answers', async ({ page }) => {
    await open(page, '/learn');
    const claims = page.getByRole('list', { name: 'Claims' }).getByRole('article');
    const count = await claims.count();
    expect(count).toBeGreaterThanOrEqual(16);
    const hrefs = new Set<string>();
    for (let i = 1; i <= count; i++) {
      const links = page.getByRole('list', { name: `Live demos for claim ${i}` }).getByRole('link');
      expect(await links.count(), `claim ${i} has a demo`).toBeGreaterThan(0);
      for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) hrefs.add(href);
    }
    for (const href of hrefs) {
      expect((await page.request.get(href)).status(), href).toBe(200);
    }
  });

  test('the measured page passes axe, its charts beside tables of the same numbers', async ({ page }) => {
    test.setTimeout(120_000);
    await open(page, '/learn');
    await page.getByRole('button', { name: 'Measure on this server' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Measured at|Measuring|Nothing measured/ })).toContainText('Measured at', {
      timeout: 90_000,
    });
    const lookup = page.getByTestId('live-lookup');
    await expect(lookup.getByRole('figure')).toBeVisible();
    await expect(
      lookup.getByRole('table', { name: 'The same distributions in numbers' }).getByRole('row', { name: /^Session/ }),
    ).toBeVisible();
    await expectNoSeriousFindings(page);
    // The measured cards (tables, charts, long details) still fit a phone.
    await page.setViewportSize({ width: 360, height: 800 });
    await expectNothingHiddenSideways(page);
  });

  test('"/?mode=hybrid" opens the sign-in page in Hybrid mode', async ({ page }) => {
    await page.goto('/?mode=hybrid');
    await expect(page.getByRole('radio', { name: 'Hybrid', exact: true })).toBeChecked();
  });
});
