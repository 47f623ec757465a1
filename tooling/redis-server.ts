// A throwaway redis-server: found on this machine, started on a free loopback port with no
// persistence, stopped by the caller. Runtime: Node (tooling: the unit tests' setup, e2e, `npm run load`).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findOnPath } from './find-on-path';
import { freePort } from './ports';

export const REDIS_INSTALL_HINT = [
  'No redis-server for the store contract test. Install it:',
  '  sudo apt-get install -y redis-server      (Debian / Ubuntu)',
  '  brew install redis                        (macOS)',
  'or set AUTHLAB_TEST_REDIS_URL=redis://127.0.0.1:PORT to a Redis you run.',
].join('\n');

/** One raw PING over RESP: true once the server answers +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

async function startOnce(binary: string, fixedPort?: number): Promise<RunningRedis> {
  const port = fixedPort ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'authlab-redis-'));
  const child: ChildProcess = spawn(
    binary,
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  // If the test run dies without teardown, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => {
    running = false;
    process.off('exit', killOnExit);
  });

  const stop = async () => {
    if (running) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (!running) break;
    if (await ping(port)) return { url: `redis://127.0.0.1:${port}`, stop };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await stop();
  throw new Error(`redis-server (${binary}) did not answer PING on port ${port}:\n${output.trim()}`);
}

/**
 * Starts redis-server; retries on a fresh port if another process took the one we picked.
 * `port` restarts one on a known port (tests of a Redis coming back).
 */
export async function startRedisServer(options: { port?: number } = {}): Promise<RunningRedis> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new Error(REDIS_INSTALL_HINT);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, options.port);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Fails with a clear message unless the Redis at `url` answers PING (for AUTHLAB_TEST_REDIS_URL). */
export async function checkRedis(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const masked = url.replace(/\/\/([^@/]*)@/, '//****@');
    throw new Error(`AUTHLAB_TEST_REDIS_URL=${masked} does not answer PING: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    client.disconnect();
  }
}
