import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from '@upstash/redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { FilePersistence, STORE_FILE, type SnapshotSource } from './persist';
import { startStoreServer } from './server';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);

let dir: string;
let logs: string[];
let now: number;
const clock = { now: () => now };

function open(engine = new Engine({ clock }), source: SnapshotSource = engine) {
  const persistence = new FilePersistence({ dataDir: dir, source, clock, log: (line) => logs.push(line) });
  return { engine, persistence, file: join(dir, STORE_FILE) };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'authlab-persist-'));
  logs = [];
  now = T0;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FilePersistence', () => {
  it('starts empty without a file, then survives a restart', async () => {
    const first = open();
    expect(await first.persistence.load()).toEqual({ status: 'missing' });
    first.engine.execute(['SET', 'k', 'v', 'PX', '60000']);
    first.engine.execute(['SET', 'forever', 'f']);
    first.engine.execute(['SADD', 's', 'a', 'b']);
    first.persistence.scheduleSave();
    await first.persistence.close();

    now = T0 + 1000;
    const second = open();
    expect(await second.persistence.load()).toEqual({ status: 'loaded', restored: 3, expired: 0 });
    expect(second.engine.execute(['GET', 'k'])).toBe('v');
    expect(second.engine.execute(['PTTL', 'k'])).toBe(59_000);
    expect(second.engine.execute(['PTTL', 'forever'])).toBe(-1);
    expect((second.engine.execute(['SMEMBERS', 's']) as string[]).sort()).toEqual(['a', 'b']);
    expect(logs).toEqual([]);
  });

  it('drops keys that expired while the store was down', async () => {
    const first = open();
    await first.persistence.load();
    first.engine.execute(['SET', 'short', 'v', 'PX', '500']);
    first.engine.execute(['SET', 'long', 'v', 'PX', '5000']);
    first.persistence.scheduleSave();
    await first.persistence.flush();

    now = T0 + 501;
    const second = open();
    expect(await second.persistence.load()).toEqual({ status: 'loaded', restored: 1, expired: 1 });
    expect(second.engine.execute(['MGET', 'short', 'long'])).toEqual([null, 'v']);
  });

  it('replaces the file by temp file and rename, never in place, and leaves no temp behind', async () => {
    const { engine, persistence, file } = open();
    await persistence.load();
    engine.execute(['SET', 'a', '1']);
    persistence.scheduleSave();
    await persistence.flush();
    const before = await stat(file);
    engine.execute(['SET', 'b', '2']);
    persistence.scheduleSave();
    await persistence.flush();
    const after = await stat(file);
    // A new inode: the old file was swapped out whole, so a crash mid-write could only lose the temp file.
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual([STORE_FILE]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, entries: [{ key: 'a' }, { key: 'b' }] });
  });

  it('ignores and removes a temp file left by a crash mid-save', async () => {
    const { engine, persistence, file } = open();
    await writeFile(file, JSON.stringify({ version: 1, entries: [{ key: 'kept', type: 'string', value: 'yes' }] }));
    await writeFile(`${file}.tmp-999-deadbeef`, '{"version":1,"entries":[{"key":"half');
    expect(await persistence.load()).toMatchObject({ status: 'loaded', restored: 1 });
    expect(engine.execute(['GET', 'kept'])).toBe('yes');
    expect(await readdir(dir)).toEqual([STORE_FILE]);
  });

  it('gathers a burst of changes into one save, soon after, without a flush', async () => {
    const engine = new Engine({ clock });
    let snapshots = 0;
    const counting: SnapshotSource = {
      snapshot: () => {
        snapshots++;
        return engine.snapshot();
      },
      restore: (snapshot) => engine.restore(snapshot),
    };
    const { persistence, file } = open(engine, counting);
    await persistence.load();
    for (let i = 0; i < 100; i++) {
      engine.execute(['SET', `k${i}`, 'v']);
      persistence.scheduleSave();
    }
    await expect.poll(async () => (await readdir(dir)).includes(STORE_FILE), { timeout: 2_000, interval: 10 }).toBe(true);
    expect(snapshots).toBe(1);
    expect(JSON.parse(await readFile(file, 'utf8')).entries).toHaveLength(100);
    await persistence.close();
  });

  for (const [name, contents] of [
    ['not JSON', '{"version":1,"entries":[{"key":'],
    ['JSON of the wrong shape', '{"version":1,"entries":[{"key":"k","type":"list","value":[]}]}'],
    ['empty', ''],
  ] as const) {
    it(`moves a corrupt file (${name}) aside with one log line instead of replacing it`, async () => {
      const { engine, persistence, file } = open();
      await writeFile(file, contents);
      const result = await persistence.load();
      expect(result.status).toBe('corrupt');
      const aside = `${file}.corrupt-2030-01-01T12-00-00.000Z`;
      expect(result).toMatchObject({ movedTo: aside });
      expect(await readFile(aside, 'utf8')).toBe(contents);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toContain(aside);
      expect(engine.execute(['DBSIZE'])).toBe(0);

      engine.execute(['SET', 'fresh', '1']);
      persistence.scheduleSave();
      await persistence.close();
      expect((await readdir(dir)).sort()).toEqual([STORE_FILE, `${STORE_FILE}.corrupt-2030-01-01T12-00-00.000Z`]);
      expect(await readFile(aside, 'utf8')).toBe(contents);
    });
  }

  it('moves an unreadable store file aside too', async () => {
    const { persistence, file } = open();
    await mkdir(file);
    expect(await persistence.load()).toMatchObject({ status: 'corrupt', reason: 'unreadable (EISDIR)' });
    expect(logs).toHaveLength(1);
  });
});

describe('a store killed in the middle of a save', () => {
  it('leaves the last complete file, never half of one, and its next start cleans up', { timeout: 60_000 }, async () => {
    const writer = join(__dirname, 'persist-writer.ts');
    let caughtMidWrite = 0;
    for (const delayMs of [0, 7, 23, 41, 66, 95]) {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
      });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      await exited;
      if ((await readdir(dir)).some((name) => name.includes('.tmp-'))) caughtMidWrite += 1;
      const reopened = open(new Engine());
      const loaded = await reopened.persistence.load();
      expect(loaded.status, `killed ${delayMs} ms into its saves`).toBe('loaded');
      expect(reopened.engine.execute(['GET', 'filler:19999'])).toBe('x'.repeat(100));
      expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    }
    // Most kills land while a temp file is being written: the case the rename is there for.
    expect(caughtMidWrite).toBeGreaterThan(0);
  });
});

describe('the store server with a data dir', () => {
  it('keeps what clients wrote across a restart', async () => {
    const token = 'p'.repeat(40);
    const first = await startStoreServer({ token, dataDir: dir, log: (line) => logs.push(line) });
    const a = new Redis({ url: first.url, token, retry: { retries: 0 }, enableTelemetry: false });
    await a.set('session:1', { user: 'alice' }, { ex: 600 });
    await a.sadd('sessions', 'session:1');
    await first.close();

    const second = await startStoreServer({ token, dataDir: dir, log: (line) => logs.push(line) });
    const b = new Redis({ url: second.url, token, retry: { retries: 0 }, enableTelemetry: false });
    expect(await b.get('session:1')).toEqual({ user: 'alice' });
    expect(await b.pttl('session:1')).toBeGreaterThan(590_000);
    expect(await b.smembers('sessions')).toEqual(['session:1']);
    await second.close();
    expect(logs).toEqual([]);
  });
});
