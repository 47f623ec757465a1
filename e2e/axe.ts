// The checks every page state must pass (e2e/a11y.spec.ts, and specs that reach a state of their own):
// axe, and at phone width nothing in a sideways-scrolling box.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.x A and AA, plus axe's best practices; only serious and critical findings fail. */
export async function expectNoSeriousFindings(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    // Every rule still runs on every node; only the violations come back in detail (passes and
    // incomplete results are what made one run take 30 s on a loaded machine).
    .options({ resultTypes: ['violations'] })
    .analyze();
  // Heading order is only "moderate" to axe, but a skipped level misleads screen-reader navigation: it fails too.
  const findings = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n\s*/g, ' ')}`).join('\n')}`,
    );
  expect(findings, `axe findings on ${page.url()}`).toEqual([]);
}

/**
 * At phone width nothing may hide in a box that scrolls sideways (tables become stacked rows, long
 * values wrap): the page is 360 px wide, and so is every scrolling element's content. Names each offender.
 */
export async function expectNothingHiddenSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${page.url()} scrolls sideways`).toBeLessThanOrEqual(360);
  const hidden = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => {
        const { overflowX } = getComputedStyle(el);
        return (overflowX === 'auto' || overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1;
      })
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}" ${el.scrollWidth}>${el.clientWidth}`,
      ),
  );
  expect(hidden, `sideways-scrolling boxes on ${page.url()}`).toEqual([]);
}
