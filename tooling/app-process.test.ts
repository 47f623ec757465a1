import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launcherArgs, stopProcess, waitHealthy } from './app-process';
import { freePort } from './ports';

const root = resolve(__dirname, '..');
const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A Node child running `code`; resolves once it has printed "ready" (its signal handlers are set). */
function node(code: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', `${code}; process.stdout.write('ready')`], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => child.kill('SIGKILL'));
  return new Promise((ready) => child.stdout?.once('data', () => ready(child)));
}

const exited = (child: ChildProcess) => new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(undefined)));

/** An HTTP server whose nth request (from 1) gets `status(n)`; every path asked for is kept. */
async function health(status: (n: number) => number): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(status(paths.length)).end();
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, paths };
}

describe('launcherArgs', () => {
  it('runs scripts/start.ts through tsx, letting it build', () => {
    expect(launcherArgs({ script: 'start', build: true })).toEqual(['--import', 'tsx', join(root, 'scripts', 'start.ts')]);
  });

  it('passes --no-build and the instance count to scripts/cluster.ts', () => {
    expect(launcherArgs({ script: 'cluster', build: false, instances: 3 })).toEqual([
      '--import',
      'tsx',
      join(root, 'scripts', 'cluster.ts'),
      '--no-build',
      '--instances=3',
    ]);
  });

  it('names launchers that exist', () => {
    for (const script of ['start', 'cluster'] as const) expect(existsSync(launcherArgs({ script, build: true })[2] as string)).toBe(true);
  });
});

describe('waitHealthy', () => {
  it('polls /api/health through failures until it answers 2xx, while the child runs', async () => {
    const server = await health((n) => (n < 3 ? 503 : 200));
    const child = await node('setInterval(() => {}, 1000)');
    expect(await waitHealthy(server.url, Date.now() + 30_000, child, 10)).toBe(true);
    expect(server.paths).toEqual(['/api/health', '/api/health', '/api/health']);
  });

  it('gives up once the child it waits for has exited, long before the deadline', async () => {
    const server = await health(() => 503);
    const child = await node('setTimeout(() => process.exit(3), 50)');
    expect(await waitHealthy(server.url, Date.now() + 60_000, child, 10)).toBe(false);
    expect(child.exitCode).toBe(3);
  });

  it('does not ask at all for a child that has already exited, or after the deadline', async () => {
    const server = await health(() => 200);
    const child = await node('process.exitCode = 0');
    await exited(child);
    expect(await waitHealthy(server.url, Date.now() + 60_000, child)).toBe(false);
    expect(await waitHealthy(server.url, Date.now() - 1)).toBe(false);
    expect(server.paths).toEqual([]);
  });

  it('counts a refused connection as not healthy yet, until the deadline', async () => {
    const port = await freePort();
    const started = Date.now();
    expect(await waitHealthy(`http://127.0.0.1:${port}`, started + 300, undefined, 20)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});

describe('stopProcess', () => {
  it('sends SIGTERM and resolves once the child has exited', async () => {
    const child = await node('setInterval(() => {}, 1000)');
    await stopProcess(child);
    expect(child.signalCode).toBe('SIGTERM');
  });

  it('sends the signal asked for, and waits for the child to handle it', async () => {
    const child = await node("process.on('SIGINT', () => setTimeout(() => process.exit(7), 100)); setInterval(() => {}, 1000)");
    await stopProcess(child, { signal: 'SIGINT' });
    expect(child.exitCode).toBe(7);
  });

  it('kills a child that ignores the signal once the grace has passed', async () => {
    const child = await node("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)");
    await stopProcess(child, { graceMs: 100 });
    expect(child.signalCode).toBe('SIGKILL');
  });

  it('resolves at once for a child that has already exited', async () => {
    const child = await node('process.exitCode = 0');
    await exited(child);
    await stopProcess(child, { graceMs: 0 });
    expect(child.exitCode).toBe(0);
  });
});
