import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { copyFilePath, fileCopies, readCopyFile, writeCopyFile } from './node-copy-file';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("the node's copies as files", () => {
  it('are absent at first, then hold the last copy written, the key ring per algorithm, readable by their owner only', async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'authlab-copy-')), 'data');
    const es = { dataDir: dir, jwtAlg: 'ES256' as const };
    const ed = { dataDir: dir, jwtAlg: 'EdDSA' as const };
    expect(readCopyFile(es, 'key-ring')).toBeUndefined();
    writeCopyFile(es, 'key-ring', 'r1.a.b');
    writeCopyFile(es, 'key-ring', 'r1.c.d');
    writeCopyFile(ed, 'key-ring', 'r1.e.f');
    writeCopyFile(es, 'settings', 'r1.s.t');
    expect(readCopyFile(es, 'key-ring')).toBe('r1.c.d');
    expect(readCopyFile(ed, 'key-ring')).toBe('r1.e.f');
    expect(readCopyFile(ed, 'settings')).toBe('r1.s.t');
    expect(statSync(copyFilePath(es, 'key-ring')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['key-ring-ES256.sealed', 'key-ring-EdDSA.sealed', 'settings.sealed']);

    const config = parseConfig({
      SESSION_PASSWORD: 'p'.repeat(32),
      JWT_KEYS: '{"keys":[]}',
      UPSTASH_REDIS_REST_URL: 'x',
      UPSTASH_REDIS_REST_TOKEN: 'y',
      DATA_DIR: dir,
    });
    expect(await fileCopies.load(config, 'key-ring')).toEqual(['r1.c.d']);
    await fileCopies.save?.(config, 'key-ring', 'r1.g.h');
    expect(await fileCopies.load(config, 'key-ring')).toEqual(['r1.g.h']);
  });
});
