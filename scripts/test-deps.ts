// What `npm test` needs beyond npm packages: a Chromium and a redis-server. Installs them where it
// can (root with apt-get, or Playwright's own browser download); otherwise stops with the command to run.
// Runtime: Node (test tooling).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { INSTALL_HINT, findChromium } from '../e2e/browser';

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

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
    if (!installed || !findChromium()) problems.push(INSTALL_HINT);
  }
  if (!process.env.AUTHLAB_TEST_REDIS_URL && !findOnPath('redis-server')) {
    if (!aptInstall('redis-server') || !findOnPath('redis-server')) {
      problems.push(
        [
          'No redis-server for the store contract test. Install it:',
          '  sudo apt-get install -y redis-server      (Debian / Ubuntu)',
          '  brew install redis                        (macOS)',
          'or set AUTHLAB_TEST_REDIS_URL=redis://127.0.0.1:PORT to a Redis you run.',
        ].join('\n'),
      );
    }
  }
  return problems;
}
