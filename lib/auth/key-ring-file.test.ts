import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { readRingFile, ringFilePath, ringFilePersistence, writeRingFile } from './key-ring-file';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("the node's file copy of the key ring", () => {
  it('is absent at first, then holds the last copy written, one file per algorithm, readable by its owner only', async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'authlab-ring-')), 'data');
    expect(readRingFile(dir, 'ES256')).toBeUndefined();
    writeRingFile(dir, 'ES256', 'r1.a.b');
    writeRingFile(dir, 'ES256', 'r1.c.d');
    writeRingFile(dir, 'EdDSA', 'r1.e.f');
    expect(readRingFile(dir, 'ES256')).toBe('r1.c.d');
    expect(readRingFile(dir, 'EdDSA')).toBe('r1.e.f');
    expect(statSync(ringFilePath(dir, 'ES256')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const config = parseConfig({
      SESSION_PASSWORD: 'p'.repeat(32),
      JWT_KEYS: '{"keys":[]}',
      UPSTASH_REDIS_REST_URL: 'x',
      UPSTASH_REDIS_REST_TOKEN: 'y',
      DATA_DIR: dir,
    });
    expect(await ringFilePersistence.load(config)).toEqual(['r1.c.d']);
    await ringFilePersistence.save?.(config, 'r1.g.h');
    expect(await ringFilePersistence.load(config)).toEqual(['r1.g.h']);
  });
});
