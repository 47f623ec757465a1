// `npm test`: the whole suite in order (format, lint, typecheck, unit, end-to-end), after making sure the
// browser and redis-server it needs are there. Runtime: Node. Ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureTestDeps } from './test-deps';

const root = resolve(__dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
// Not test-results/: Playwright empties that folder when it starts.
const results = join(root, '.test-reports');

function step(title: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  process.stdout.write(`\n=== ${title}\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env } });
  return r.status === 0;
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

function main() {
  const problems = ensureTestDeps();
  if (problems.length > 0) {
    process.stderr.write(`\nnpm test cannot run yet:\n\n${problems.join('\n\n')}\n\n`);
    process.exit(1);
  }
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const unitJson = join(results, 'unit-results.json');
  const e2eJson = join(results, 'e2e-results.json');

  const outcome = {
    format: step('format (Prettier)', bin('prettier'), ['--check', '.', '--log-level=warn']),
    lint: step('lint', bin('eslint'), ['.', '--max-warnings=0']),
    typecheck: step('typecheck', bin('tsc'), ['--noEmit', '-p', '.']),
    unit: step('unit (Vitest, store contract against redis-server)', bin('vitest'), [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${unitJson}`,
    ]),
    e2e: step('end-to-end (Playwright, production server)', bin('playwright'), ['test']),
  };

  const unit = readJson(unitJson) as { numPassedTests?: number; numFailedTests?: number } | undefined;
  const e2e = readJson(e2eJson) as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } } | undefined;
  const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0) + (e2e?.stats?.flaky ?? 0);
  const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0);
  const failedSteps = Object.entries(outcome)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  process.stdout.write(
    `\nsteps: ${Object.entries(outcome)
      .map(([n, ok]) => `${n} ${ok ? 'ok' : 'FAILED'}`)
      .join(', ')}\n`,
  );
  process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
  process.exit(failedSteps.length === 0 && failed === 0 ? 0 : 1);
}

main();
