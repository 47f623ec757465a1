import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cookiePairs, peerFiles, peerHash, peerSourceDir, preparePeer } from './peer';

const made: string[] = [];
function peerFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'authlab-peer-test-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the peer build cache key', () => {
  it('lists the sources, not installed packages or build output', () => {
    const dir = peerFolder({ 'package.json': '{}', 'app/page.tsx': 'x', 'node_modules/a/index.js': 'y', '.next/BUILD_ID': 'z' });
    expect(peerFiles(dir)).toEqual(['app/page.tsx', 'package.json']);
  });

  it('changes when a file changes, and only then', () => {
    const dir = peerFolder({ 'package.json': '{}', 'auth.ts': 'a' });
    const before = peerHash(dir);
    writeFileSync(join(dir, 'node_modules.txt'), '');
    const added = peerHash(dir);
    expect(added).not.toBe(before);
    writeFileSync(join(dir, 'auth.ts'), 'b');
    expect(peerHash(dir)).not.toBe(added);
    writeFileSync(join(dir, 'auth.ts'), 'a');
    expect(peerHash(dir)).toBe(added);
  });
});

describe('preparePeer', () => {
  it('says why when there is no peer app, and builds nothing', () => {
    const dir = peerFolder({ 'README.md': 'no app here' });
    const said: string[] = [];
    const result = preparePeer(dir, (line) => said.push(line));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/no peer app/);
    expect(said).toEqual([]);
  });

  it('is looked for beside the project unless AUTHLAB_PEER_DIR says otherwise', () => {
    expect(peerSourceDir('/work/main', {})).toBe('/work/shared/peers/authjs');
    expect(peerSourceDir('/work/main', { AUTHLAB_PEER_DIR: '/elsewhere/peer' })).toBe('/elsewhere/peer');
  });
});

describe('cookiePairs', () => {
  it('takes the name=value of each Set-Cookie line, not its attributes', () => {
    const pairs = cookiePairs([
      'authjs.csrf-token=abc%7Cdef; Path=/; HttpOnly; SameSite=Lax',
      'authjs.session-token=eyJ.a.b; Path=/; Expires=Wed, 01 Jan 2027 00:00:00 GMT; HttpOnly',
      'broken',
    ]);
    expect([...pairs]).toEqual([
      ['authjs.csrf-token', 'abc%7Cdef'],
      ['authjs.session-token', 'eyJ.a.b'],
    ]);
  });
});
