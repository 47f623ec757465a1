import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath } from './find-on-path';

const dirs = [mkdtempSync(join(tmpdir(), 'authlab-path-a-')), mkdtempSync(join(tmpdir(), 'authlab-path-b-'))] as const;
// A name no system folder has, so only the folders made here can answer.
const name = `authlab-probe-${process.pid}-${Date.now()}`;

function program(dir: string, file: string, mode: number): string {
  const path = join(dir, file);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, mode);
  return path;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('findOnPath', () => {
  it('finds an executable in PATH, the first folder that has it winning', () => {
    const first = program(dirs[0], name, 0o755);
    program(dirs[1], name, 0o755);
    expect(findOnPath(name, { PATH: dirs.join(delimiter) })).toBe(first);
    expect(findOnPath(name, { PATH: [...dirs].reverse().join(delimiter) })).toBe(join(dirs[1], name));
  });

  it('passes over a file of that name that is not executable', () => {
    program(dirs[0], `${name}-plain`, 0o644);
    const runnable = program(dirs[1], `${name}-plain`, 0o755);
    expect(findOnPath(`${name}-plain`, { PATH: dirs.join(delimiter) })).toBe(runnable);
    expect(findOnPath(`${name}-plain`, { PATH: dirs[0] })).toBeUndefined();
  });

  it('is undefined for a program that is nowhere, with or without a PATH', () => {
    expect(findOnPath(`${name}-missing`, { PATH: dirs.join(delimiter) })).toBeUndefined();
    expect(findOnPath(`${name}-missing`, {})).toBeUndefined();
  });

  it('looks in the system folders when PATH lacks them', () => {
    // `sh` is in /usr/bin on every Debian and macOS; a PATH of one empty folder doesn't name it.
    expect(findOnPath('sh', { PATH: dirs[0] })).toMatch(/^\/usr\/(local\/)?s?bin\/sh$/);
  });
});
