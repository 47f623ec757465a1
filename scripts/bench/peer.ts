// The Auth.js peer for `npm run bench`: a ready Next.js 16 + next-auth v5 app kept outside the project
// (../shared/peers/authjs by default, AUTHLAB_PEER_DIR to point elsewhere), built once in a temporary
// folder (its files copied there, `npm ci` from its lock, `next build`), cached under os.tmpdir() by a
// hash of its files, started beside authlab and signed in through its own credentials flow.
// Nothing of the peer is copied into the project. Runtime: Node (tsx).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

/** Folders of the peer that are build output or installed packages, not its sources. */
const SKIPPED = new Set(['node_modules', '.next', '.git']);

/** The peer's source files (relative paths, sorted), everything but installed packages and build output. */
export function peerFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** A hash of the peer's files (names and contents): a changed file means a new build folder. */
export function peerHash(dir: string, files: readonly string[] = peerFiles(dir)): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Where the peer is looked for: AUTHLAB_PEER_DIR, else ../shared/peers/authjs beside the project. */
export function peerSourceDir(root: string, env: Record<string, string | undefined> = process.env): string {
  return resolve(root, env.AUTHLAB_PEER_DIR ?? '../shared/peers/authjs');
}

export type PeerBuild = { ok: true; dir: string; cached: boolean } | { ok: false; reason: string };

const READY = '.authlab-peer-ready';

function run(command: string, args: string[], cwd: string, logFile: string): string | undefined {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(logFile, `$ ${command} ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}\n`, { flag: 'a' });
  if (result.error) return `${command} ${args.join(' ')}: ${result.error.message}`;
  if (result.status !== 0) return `${command} ${args.join(' ')} exited with ${result.status} (log: ${logFile})`;
  return undefined;
}

/**
 * The peer, built: from the cache when a build of these exact files is there, else copied to a fresh
 * folder, installed from its lock file and built. Never throws: a peer that cannot be built (no
 * folder, no registry) is a reason the bench prints before running without it.
 */
export function preparePeer(source: string, say: (line: string) => void): PeerBuild {
  if (!existsSync(join(source, 'package.json')) || !existsSync(join(source, 'package-lock.json'))) {
    return { ok: false, reason: `no peer app at ${source} (package.json and package-lock.json; set AUTHLAB_PEER_DIR)` };
  }
  const files = peerFiles(source);
  const dir = join(tmpdir(), `authlab-peer-authjs-${peerHash(source, files)}`);
  if (existsSync(join(dir, READY))) return { ok: true, dir, cached: true };
  const staging = `${dir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of files) cpSync(join(source, file), join(staging, file));
  const log = join(staging, 'build.log');
  say(`building the Auth.js peer in ${dir} (npm ci + next build; once per version of its files)…`);
  const failed =
    run('npm', ['ci', '--no-audit', '--no-fund'], staging, log) ??
    run(process.execPath, [join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], staging, log);
  if (failed) return { ok: false, reason: `the peer could not be built: ${failed}` };
  writeFileSync(join(staging, READY), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return { ok: true, dir, cached: false };
}

/** The peer's `next start` on 127.0.0.1:`port`, with a fixed bench secret; not waited for. */
export function spawnPeer(dir: string, port: number): ChildProcess {
  return spawn(process.execPath, [join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      AUTH_SECRET: 'authlab-bench-peer-secret-0123456789abcdef0123456789abcdef',
      AUTH_TRUST_HOST: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The `name=value` pairs of a response's Set-Cookie headers. */
export function cookiePairs(setCookies: readonly string[]): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const line of setCookies) {
    const first = line.split(';', 1)[0] ?? '';
    const eq = first.indexOf('=');
    if (eq > 0) pairs.set(first.slice(0, eq).trim(), first.slice(eq + 1).trim());
  }
  return pairs;
}

export const PEER_SESSION_COOKIE = 'authjs.session-token';

/**
 * Signs in to the peer as its README does (GET /api/auth/csrf, POST the credentials form with that
 * token and cookie); the `Cookie` header value that carries its session.
 */
export async function peerSignIn(url: string, username = 'alice', password = 'wonderland'): Promise<string> {
  const csrfResponse = await fetch(`${url}/api/auth/csrf`);
  if (csrfResponse.status !== 200) throw new Error(`peer /api/auth/csrf answered ${csrfResponse.status}`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error('peer /api/auth/csrf gave no csrfToken');
  const jar = cookiePairs(csrfResponse.headers.getSetCookie());
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${url}/` }).toString(),
  });
  await response.arrayBuffer();
  const token = cookiePairs(response.headers.getSetCookie()).get(PEER_SESSION_COOKIE);
  if (!token) throw new Error(`peer sign-in set no ${PEER_SESSION_COOKIE} (status ${response.status})`);
  return `${PEER_SESSION_COOKIE}=${token}`;
}
