import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const TOKEN = 'c'.repeat(40);
let dataDir: string;
const children: ChildProcess[] = [];

/** `npm run store` as the launcher starts it: a child with an IPC channel. */
function startCli(env: Record<string, string>) {
  // Only the variables a test names reach the store; none leak in from the shell running the tests.
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['STORE_PORT', 'STORE_TOKEN', 'DATA_DIR', 'REDIS_URL', 'STORE_FSYNC_INTERVAL_MS']) delete inherited[name];
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], {
    cwd: root,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const ready = new Promise<{ type: string; url: string }>((done, fail) => {
    child.once('message', (message) => done(message as { type: string; url: string }));
    void exited.then((code) => fail(new Error(`store exited (${code}) before ready: ${stderr}`)));
  });
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

async function post(url: string, body: unknown) {
  const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
  return (await res.json()) as unknown;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'authlab-store-cli-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('store-server/main.ts', () => {
  it('reports ready over IPC, prints one line, and flushes its file on SIGTERM', async () => {
    const cli = startCli({ STORE_TOKEN: TOKEN, DATA_DIR: dataDir, STORE_FSYNC_INTERVAL_MS: '60000' });
    const ready = await cli.ready;
    expect(ready).toEqual({ type: 'ready', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(cli.output().stdout).toBe(`store listening on ${ready.url} (memory, journaled to ${dataDir})\n`);

    expect(await post(ready.url, ['SET', 'k', 'kept'])).toEqual({ result: 'OK' });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    // The journal is written only once a minute here: only the flush on SIGTERM can have put it there.
    expect(await readFile(join(dataDir, 'journal-1.log'), 'utf8')).toContain('["set","k","kept",null]');

    const again = startCli({ STORE_TOKEN: TOKEN, DATA_DIR: dataDir });
    expect(await post((await again.ready).url, ['GET', 'k'])).toEqual({ result: 'kept' });
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });

  it(
    'killed with SIGKILL, loses at most the last second of acknowledged writes, and keeps the rest in order',
    { timeout: 60_000 },
    async () => {
      const cli = startCli({ STORE_TOKEN: TOKEN, DATA_DIR: dataDir, STORE_FSYNC_INTERVAL_MS: '100' });
      const { url } = await cli.ready;
      const acked: number[] = [];
      const started = Date.now();
      for (let i = 0; Date.now() - started < 1500; i++) {
        expect(await post(url, ['SET', `k${i}`, String(i)])).toEqual({ result: 'OK' });
        acked.push(Date.now());
      }
      const killedAt = Date.now();
      cli.child.kill('SIGKILL');
      await cli.exited;

      const again = startCli({ STORE_TOKEN: TOKEN, DATA_DIR: dataDir });
      const back = await post((await again.ready).url, ['MGET', ...acked.map((_, i) => `k${i}`)]);
      const values = (back as { result: (string | null)[] }).result;
      const kept = values.filter((v) => v !== null).length;
      // The journal is written in order: what came back is exactly the first `kept` writes.
      expect(values).toEqual(acked.map((_, i) => (i < kept ? String(i) : null)));
      // At most the last second is lost (here the interval is 0.1 s; the bound is the contract, with room for a busy machine).
      const lost = acked.slice(kept);
      expect(lost.every((at) => at > killedAt - 1000)).toBe(true);
      process.stderr.write(`main.test: SIGKILL after ${acked.length} acknowledged writes; ${lost.length} lost (fsync every 100 ms)\n`);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    },
  );

  it('refuses to start on a damaged journal, and says where', async () => {
    await writeFile(join(dataDir, 'journal-1.log'), 'not a journal frame, and more than a torn write');
    const cli = startCli({ STORE_TOKEN: TOKEN, DATA_DIR: dataDir });
    expect(await cli.exited).toBe(1);
    expect(cli.output().stderr).toContain(`${join(dataDir, 'journal-1.log')} is damaged at byte 0`);
  });

  it('refuses a missing or short token with a clear message', async () => {
    const none = startCli({ DATA_DIR: dataDir });
    expect(await none.exited).toBe(1);
    expect(none.output().stderr).toContain('STORE_TOKEN is required');
    const short = startCli({ STORE_TOKEN: 'short', DATA_DIR: dataDir });
    expect(await short.exited).toBe(1);
    expect(short.output().stderr).toContain('at least 32 characters');
  });

  it('masks the password of REDIS_URL in its line', async () => {
    const cli = startCli({ STORE_TOKEN: TOKEN, REDIS_URL: 'redis://:hunter2@127.0.0.1:1' });
    const ready = await cli.ready;
    expect(cli.output().stdout).toBe(`store listening on ${ready.url} (redis redis://:****@127.0.0.1:1)\n`);
    expect(cli.output().stdout + cli.output().stderr).not.toContain('hunter2');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });
});
