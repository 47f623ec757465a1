// The import boundaries in eslint.config.mjs: each folder is refused the folders it must not reach, in
// every form an import takes, and allowed the ones it shares code through. Lints snippets, writes nothing.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: __dirname });

/** The boundary messages ESLint gives `code` as if it were the file at `file` (relative to the root). */
async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(__dirname, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

const importOf = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

// [the importing file, the specifier]: each must be refused.
const REFUSED: Array<[string, string]> = [
  ['app/api/me/route.ts', '@/store-server/engine'],
  ['lib/store/client.ts', '../../store-server/server'],
  ['store-server/main.ts', '../scripts/lib/ports'],
  ['scripts/bench.ts', '../app/_lib/stats'],
  ['scripts/bench.ts', '../e2e/fixtures'],
  ['scripts/bench.ts', '../test/store'],
  ['scripts/bench.ts', '@/app/_lib/stats'],
  ['scripts/bench/targets.ts', '../../app/_lib/stats'],
  ['scripts/bench/targets.test.ts', '../../e2e/browser'],
  ['e2e/measure.spec.ts', '../app/_lib/auth-cost'],
  ['e2e/measure.spec.ts', '../scripts/lib/ports'],
  ['e2e/measure.spec.ts', '../test/redis-server'],
  ['e2e/instances/launch.ts', '../../scripts/lib/store-process'],
  ['playwright.config.ts', './scripts/lib/ports'],
  ['playwright.config.ts', './app/_lib/stats'],
  ['test/global-setup.ts', '../scripts/secrets'],
  ['test/global-setup.ts', '../e2e/test-redis'],
  ['vitest.config.mts', './app/_lib/stats'],
  ['tooling/app-process.ts', '../lib/config'],
  ['tooling/app-process.ts', '../scripts/lib/store-process'],
  ['tooling/app-process.ts', '../e2e/fixtures'],
  ['tooling/app-process.ts', '../test/store'],
  ['tooling/app-process.ts', '../app/_lib/stats'],
  ['lib/auth/jwt.ts', '../../tooling/ports'],
  ['lib/auth/jwt.ts', '../../test/store'],
  ['lib/auth/jwt.ts', '../../store-server/server'],
  ['lib/measure/stats.ts', '@/scripts/bench/table'],
  ['app/page.tsx', '../e2e/fixtures'],
  ['app/measure/_lib/runner.ts', '@/tooling/ports'],
  ['middleware.ts', './scripts/secrets'],
  ['lib/auth/keys.test.ts', '../../scripts/secrets'],
  ['app/api/bench/passthrough/route.test.ts', '../../../../e2e/fixtures'],
];

// Imports each folder shares code through, and package names that merely end like a folder.
const ALLOWED: Array<[string, string]> = [
  ['scripts/bench.ts', '../lib/measure/stats'],
  ['scripts/bench.ts', '../tooling/ports'],
  ['scripts/bench.ts', './bench/table'],
  ['e2e/measure.spec.ts', '../tooling/chromium'],
  ['e2e/measure.spec.ts', './fixtures'],
  ['e2e/measure.spec.ts', '@playwright/test'],
  ['e2e/instances/launch.ts', '../../tooling/app-process'],
  ['playwright.config.ts', './tooling/chromium'],
  ['test/global-setup.ts', '../tooling/redis-server'],
  ['test/store.ts', '../lib/store/client'],
  ['tooling/chromium.ts', '@playwright/test'],
  ['tooling/redis-server.ts', './ports'],
  ['lib/auth/jwt.ts', '../http/errors'],
  ['app/page.tsx', '@/lib/measure/stats'],
  ['middleware.ts', './lib/auth/jwt'],
  ['lib/auth/keys.test.ts', '../../test/store'],
  ['store-server/server.test.ts', '../tooling/redis-server'],
];

describe('import boundaries (eslint.config.mjs)', () => {
  it.each(REFUSED)('%s may not import %s', async (file, specifier) => {
    const messages = await refusals(file, importOf(specifier));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('may not import from');
  });

  it.each(ALLOWED)('%s may import %s', async (file, specifier) => {
    expect(await refusals(file, importOf(specifier))).toEqual([]);
  });

  it.each([
    ['a side-effect import', `import '../app/_lib/stats';\n`],
    ['a type import', `import type { Summary } from '../app/_lib/stats';\nexport type S = Summary;\n`],
    ['a re-export', `export { summarize } from '../app/_lib/stats';\n`],
    ['a star re-export', `export * from '../app/_lib/stats';\n`],
    ['a dynamic import', `export const load = () => import('../app/_lib/stats');\n`],
  ])('refuses %s across a boundary', async (_, code) => {
    expect(await refusals('scripts/bench.ts', code)).toHaveLength(1);
  });

  it('allows a dynamic import that stays inside the boundaries', async () => {
    expect(await refusals('scripts/load.ts', `export const load = () => import('../tooling/redis-server');\n`)).toEqual([]);
  });
});
