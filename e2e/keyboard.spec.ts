// The main flows by keyboard alone, with the focused control visibly marked at every step.
import type { Locator, Page } from '@playwright/test';
import { USERS, expect, test } from './fixtures';

/** The focused element shows a ring: a real outline or a box-shadow, and it matches :focus-visible. */
async function expectFocusVisible(target: Locator) {
  const style = await target.evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      focusVisible: el.matches(':focus-visible'),
      outlineStyle: s.outlineStyle,
      outlineWidth: parseFloat(s.outlineWidth),
      boxShadow: s.boxShadow,
    };
  });
  expect(style.focusVisible, 'matches :focus-visible').toBe(true);
  expect(
    (style.outlineStyle !== 'none' && style.outlineWidth >= 1) || style.boxShadow !== 'none',
    `a visible focus ring (${JSON.stringify(style)})`,
  ).toBe(true);
}

/** Presses Tab until `target` has focus (failing after `max` presses), then checks the ring. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) {
      await expectFocusVisible(target);
      return;
    }
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

async function openHome(page: Page) {
  await page.goto('/');
  await expect(page.getByRole('combobox', { name: 'Theme' })).toBeEnabled();
}

async function signInByKeyboard(page: Page, user: keyof typeof USERS) {
  await tabTo(page, page.getByLabel('Username'));
  await page.keyboard.type(USERS[user].username);
  await page.keyboard.press('Tab');
  await expectFocusVisible(page.getByLabel('Password'));
  await page.keyboard.type(USERS[user].password);
  await page.keyboard.press('Enter');
}

test('the skip link is the first stop and shows itself', async ({ page }) => {
  await openHome(page);
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await expectFocusVisible(skip);
});

test('switch mode with the arrow keys, then sign in and out with a session, by keyboard', async ({ page }) => {
  await openHome(page);
  const session = page.getByRole('radio', { name: 'Session', exact: true });
  await tabTo(page, session);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'JWT', exact: true })).toBeChecked();
  await expectFocusVisible(page.getByRole('radio', { name: 'JWT', exact: true }));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Hybrid', exact: true })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(session).toBeChecked();

  await signInByKeyboard(page, 'alice');
  await expect(page.getByTestId('whoami')).toContainText('Signed in as alice');
  await expect(page.getByTestId('whoami')).toContainText('Session mode');
  await expect(page.getByRole('status')).toHaveText('Signed in as alice with a session cookie.');

  await tabTo(page, page.getByRole('button', { name: 'Sign out', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Signed out.');
});

test('sign in, call the API and sign out with a JWT, by keyboard', async ({ page }) => {
  await openHome(page);
  await tabTo(page, page.getByRole('radio', { name: 'Session', exact: true }));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'JWT', exact: true })).toBeChecked();

  await signInByKeyboard(page, 'bob');
  await expect(page.getByTestId('whoami')).toContainText('Signed in as bob');
  await expect(page.getByTestId('whoami')).toContainText('JWT mode');

  await tabTo(page, page.getByRole('button', { name: 'Call /api/me' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');

  await tabTo(page, page.getByRole('button', { name: 'Sign out', exact: true }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Signed out.');
});

test('run an attack by keyboard', async ({ page }) => {
  await page.goto('/attacks');
  await expect(page.getByRole('combobox', { name: 'Theme' })).toBeEnabled();
  const card = page.getByRole('listitem', { name: 'Tamper with the payload' });
  await tabTo(page, card.getByRole('button', { name: 'Run' }));
  await page.keyboard.press('Enter');
  await expect(card.getByTestId('verdict')).toHaveText('✓ Blocked: 401 invalid_token');
});

test('send a console request with Ctrl+Enter', async ({ page }) => {
  await page.goto('/console');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  const path = page.getByLabel('Path');
  await tabTo(page, path);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('/api/me');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status', { name: 'Status code' })).toContainText('200');
  // Focus stays where the user was typing.
  await expect(path).toBeFocused();
});
