// `npm run build` ends here: prints each page's first-load JavaScript, compressed, and checks the
// sign-in page against its budget. Runtime: Node (tsx). Reads .next only; `--strict` fails the build
// when the sign-in page is over budget.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { FIRST_LOAD_BUDGET_BYTES, formatKiB, measureFirstLoad } from './bench/first-load-js';

const distDir = resolve(__dirname, '..', '.next');

/** Every app route that has a page, from the client-reference manifests the build wrote. */
function pageRoutes(): string[] {
  const appDir = join(distDir, 'server', 'app');
  const routes: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (entry === 'page_client-reference-manifest.js') {
        const route = `/${relative(appDir, dir)}`.replace(/\/$/, '') || '/';
        if (!route.split('/').some((segment) => segment.startsWith('_'))) routes.push(route);
      }
    }
  };
  if (existsSync(appDir)) visit(appDir);
  return routes.sort();
}

function main() {
  const routes = pageRoutes();
  if (routes.length === 0) {
    process.stdout.write('First-load JavaScript: no built pages found under .next (run next build first).\n');
    return;
  }
  process.stdout.write('\nFirst-load JavaScript per page (gzip -9; runtime + layout + page chunks, without lazy chunks):\n');
  let overBudget = false;
  for (const route of routes) {
    const m = measureFirstLoad(distDir, route);
    const budget =
      route === '/'
        ? ` (sign-in page; budget ${formatKiB(FIRST_LOAD_BUDGET_BYTES)}: ${m.gzipBytes < FIRST_LOAD_BUDGET_BYTES ? 'within' : 'OVER'})`
        : '';
    if (route === '/' && m.gzipBytes >= FIRST_LOAD_BUDGET_BYTES) overBudget = true;
    process.stdout.write(`  ${route.padEnd(14)} ${formatKiB(m.gzipBytes).padStart(9)}${budget}\n`);
  }
  if (overBudget && process.argv.includes('--strict')) process.exitCode = 1;
}

main();
