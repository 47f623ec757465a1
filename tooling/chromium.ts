// Finds a Chromium for Playwright: an explicit path, Playwright's own download, or the system's.
// Runtime: Node (tooling: the Playwright config, `npm test`'s checks, `npm run screenshots`).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export interface FoundBrowser {
  /** Undefined means "Playwright's own browser": Playwright finds it itself. */
  executablePath: string | undefined;
  source: string;
}

/** Undefined when there is none, so the caller can say what to install (`CHROMIUM_INSTALL_HINT`). */
export function findChromium(env: Readonly<Record<string, string | undefined>> = process.env): FoundBrowser | undefined {
  const explicit = env.CHROMIUM_PATH || env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (explicit) return existsSync(explicit) ? { executablePath: explicit, source: 'CHROMIUM_PATH' } : undefined;
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) return { executablePath: undefined, source: "Playwright's own Chromium" };
  const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
  return system ? { executablePath: system, source: system } : undefined;
}

export const CHROMIUM_INSTALL_HINT = [
  'No Chromium for the end-to-end tests. Install one of:',
  "  npx playwright install chromium          (Playwright's own browser)",
  '  sudo apt-get install -y chromium         (Debian / Ubuntu)',
  'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
].join('\n');
