// What `npm test` needs beyond npm packages: a Chromium and a redis-server. Installs them where it
// can (root with apt-get, or Playwright's own browser download); otherwise stops with the command to run.
// Runtime: Node (test tooling).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CHROMIUM_INSTALL_HINT, findChromium } from '../tooling/chromium';
import { findOnPath } from '../tooling/find-on-path';
import { REDIS_INSTALL_HINT } from '../tooling/redis-server';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function sh(command: string, args: string[]): boolean {
  process.stdout.write(`$ ${command} ${args.join(' ')}\n`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

let aptUpdated = false;
function aptInstall(pkg: string): boolean {
  if (!isRoot() || !findOnPath('apt-get')) return false;
  if (!aptUpdated) aptUpdated = sh('apt-get', ['update', '-qq']);
  return sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg]);
}

/** Returns the problems left after trying to install what is missing; empty means ready. */
export function ensureTestDeps(): string[] {
  const problems: string[] = [];
  if (!findChromium()) {
    const installed =
      aptInstall('chromium') ||
      (!isRoot() && sh(process.execPath, [join('node_modules', '@playwright', 'test', 'cli.js'), 'install', 'chromium']));
    if (!installed || !findChromium()) problems.push(CHROMIUM_INSTALL_HINT);
  }
  if (!process.env.AUTHLAB_TEST_REDIS_URL && !findOnPath('redis-server')) {
    if (!aptInstall('redis-server') || !findOnPath('redis-server')) problems.push(REDIS_INSTALL_HINT);
  }
  return problems;
}
