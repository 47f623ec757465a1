// `npm run screenshots`: the README's pictures of the main views, taken from the real app so they stay
// current. Runtime: Node (tsx). Starts the production server through the same launcher as `npm start`
// (building first when sources changed), on a free port with a throwaway DATA_DIR, signs in, and saves
// docs/screenshots/{home,compare,revocation,attacks,attack-matrix,console,learn}.png at 1280×800 (the
// matrix as its table alone), and home-360.png and compare-360.png at phone width.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, expect, type Locator, type Page } from '@playwright/test';
import { BUILD_AND_START_MS, spawnLauncher, stopProcess, waitHealthy } from '../tooling/app-process';
import { CHROMIUM_INSTALL_HINT, findChromium } from '../tooling/chromium';
import { freePort } from '../tooling/ports';
import { DEMO_ACCOUNTS, demoCredentials } from '../lib/auth/demo-accounts';
import { sessionCookieOf } from '../tooling/session-cookie';

const root = resolve(__dirname, '..');
const outDir = join(root, 'docs', 'screenshots');

/** Opens a page and waits for React to hydrate (the theme switch is enabled only then). */
async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole('combobox', { name: 'Theme' })).toBeEnabled({ timeout: 15_000 });
}

async function shoot(page: Page, name: string) {
  // The picture is of the top of the page, as a visitor first sees it (clicks may have scrolled it).
  await page.evaluate(async () => {
    window.scrollTo(0, 0);
    await document.fonts.ready;
  });
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  process.stdout.write(`[screenshots] docs/screenshots/${name}.png\n`);
}

/** Each view brings its page to the state pictured; one that returns a part of the page is pictured by that part alone. */
const VIEWS: Record<string, (page: Page) => Promise<Locator | void>> = {
  home: async (page) => {
    await open(page, '/?mode=session');
    await page.getByLabel('Username').fill(DEMO_ACCOUNTS.alice.username);
    await page.getByLabel('Password').fill(DEMO_ACCOUNTS.alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('whoami')).toContainText('Signed in as alice');
    // The last of a few calls is shown: a cookie's first request also pays for unsealing it once.
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'Call /api/me' }).first().click();
      await expect(page.getByTestId('response-status')).toHaveText('200 OK');
      await expect(page.getByRole('button', { name: 'Call /api/me' }).first()).toBeEnabled();
    }
    await expect(page.getByRole('list', { name: 'Active sessions' })).toBeVisible();
  },
  compare: async (page) => {
    await open(page, '/compare');
    await page.getByRole('button', { name: 'Sign in both' }).click();
    await expect(page.getByTestId('jwt-verdict')).toContainText('✓ verifies');
    for (let i = 1; i <= 3; i++) {
      await page.getByRole('button', { name: 'Call /api/me in both' }).click();
      await expect(page.getByText('GET /api/me with the bearer token → 200')).toHaveCount(i);
      await expect(page.getByText('GET /api/me with the cookie → 200')).toHaveCount(i);
    }
  },
  revocation: async (page) => {
    await open(page, '/revocation');
    await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
    await expect(page.getByRole('status')).toContainText('Signed in as the throwaway user', { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Revoke both' })).toBeEnabled();
    await page.getByRole('button', { name: 'Revoke both' }).click();
    await expect(page.getByTestId('window-session')).toContainText('refused');
    // A few seconds of the JWT still passing is the picture's point.
    await expect(page.getByRole('list', { name: 'jwt answers, one a second' }).getByRole('listitem')).toHaveCount(6, { timeout: 15_000 });
  },
  attacks: async (page) => {
    await open(page, '/attacks');
    for (const title of ['Tamper with the payload', 'Switch to alg: none', 'Replay a token after logout', 'Cross-site POST']) {
      const card = page.getByRole('listitem', { name: title });
      await card.getByRole('button', { name: 'Run' }).click();
      await expect(card.getByTestId('verdict')).toBeVisible();
    }
  },
  // The transport matrix, played live: the picture is of its table, not of the page's top.
  'attack-matrix': async (page) => {
    await open(page, '/attacks');
    await page.getByRole('button', { name: 'Run the matrix' }).click();
    await expect(page.getByTestId('matrix-status')).toContainText('Done: 6 of 6 cells played', { timeout: 120_000 });
    return page.getByRole('region', { name: 'Transport matrix results' });
  },
  console: async (page) => {
    await open(page, '/console');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Status code' })).toContainText('200');
  },
  learn: async (page) => {
    await open(page, '/learn');
    await page.getByRole('button', { name: 'Measure on this server' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Measured at|Measuring|Nothing measured/ })).toContainText('Measured at', {
      timeout: 120_000,
    });
  },
};

const PHONE_VIEWS = ['home', 'compare'];

/**
 * A fresh server's first requests pay one-off costs (compiling routes, importing keys), which would
 * make the pictures' timings misleading: a few calls in each mode first.
 */
async function warmUp(baseURL: string) {
  const post = (path: string) =>
    fetch(`${baseURL}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: baseURL },
      body: JSON.stringify(demoCredentials('bob')),
    });
  const token = ((await (await post('/api/token')).json()) as { access_token: string }).access_token;
  const cookie = sessionCookieOf(await post('/api/session/login'));
  for (let i = 0; i < 10; i++) {
    await (await fetch(`${baseURL}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).text();
    await (await fetch(`${baseURL}/api/me`, { headers: { Cookie: cookie } })).text();
  }
}

async function main() {
  const browser = findChromium();
  if (!browser) throw new Error(CHROMIUM_INSTALL_HINT);
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-screenshots-'));
  mkdirSync(outDir, { recursive: true });

  const app = spawnLauncher({
    script: 'start',
    build: true,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.on('SIGINT', () => {
    app.kill('SIGTERM');
    process.exit(130);
  });

  try {
    if (!(await waitHealthy(baseURL, Date.now() + BUILD_AND_START_MS, app))) {
      throw new Error(
        app.exitCode === null && app.signalCode === null
          ? `the app did not answer ${baseURL}/api/health within ${BUILD_AND_START_MS / 1000} s`
          : 'the app exited before it was ready; see its output above',
      );
    }
    await warmUp(baseURL);
    const chrome = await chromium.launch(browser.executablePath ? { executablePath: browser.executablePath } : {});
    try {
      // Every view at laptop size; the two with the lifetime timeline at phone width too.
      const shots = [
        ...Object.keys(VIEWS).map((name) => ({ name, view: name, width: 1280 })),
        ...PHONE_VIEWS.map((view) => ({ name: `${view}-360`, view, width: 360 })),
      ];
      for (const { name, view, width } of shots) {
        const stage = VIEWS[view];
        if (!stage) continue;
        // A fresh context per view: its own cookies, the system's light scheme, the same size every time.
        const context = await chrome.newContext({ baseURL, viewport: { width, height: 800 }, colorScheme: 'light' });
        const page = await context.newPage();
        const part = await stage(page);
        if (width < 1280) {
          // At phone width the top is the menu: the picture centres the lifetime timeline instead.
          await page
            .getByRole('region', { name: /lifetimes/i })
            .first()
            .evaluate((el) => window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - 160, behavior: 'instant' }));
          await page.screenshot({ path: join(outDir, `${name}.png`) });
          process.stdout.write(`[screenshots] docs/screenshots/${name}.png\n`);
        } else if (part) {
          await part.screenshot({ path: join(outDir, `${name}.png`) });
          process.stdout.write(`[screenshots] docs/screenshots/${name}.png\n`);
        } else {
          await shoot(page, name);
        }
        await context.close();
      }
    } finally {
      await chrome.close();
    }
  } finally {
    // The launcher stops the app and its store on SIGTERM; wait for that before removing their data.
    await stopProcess(app, { graceMs: 10_000 });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\n[screenshots] ${error instanceof Error ? error.message : String(error)}\n\n`);
  process.exitCode = 1;
});
