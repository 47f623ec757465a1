import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from './chromium';

const dir = mkdtempSync(join(tmpdir(), 'authlab-chromium-'));
const browser = join(dir, 'chromium');
writeFileSync(browser, '');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findChromium', () => {
  it('uses the browser CHROMIUM_PATH names', () => {
    expect(findChromium({ CHROMIUM_PATH: browser })).toEqual({ executablePath: browser, source: 'CHROMIUM_PATH' });
  });

  it("accepts Playwright's own variable for it too", () => {
    expect(findChromium({ PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: browser })).toEqual({ executablePath: browser, source: 'CHROMIUM_PATH' });
  });

  it('finds nothing, rather than another browser, when the named one is missing', () => {
    expect(findChromium({ CHROMIUM_PATH: join(dir, 'no-such-browser') })).toBeUndefined();
  });
});
