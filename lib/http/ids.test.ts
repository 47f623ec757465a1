import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomId, secretHash } from './ids';

describe('randomId', () => {
  it('is base64url without padding, as long as its byte count says, for every length remainder', () => {
    for (const bytes of [1, 2, 3, 12, 16, 31, 32]) {
      const id = randomId(bytes);
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(id).toHaveLength(Math.ceil((bytes * 4) / 3));
      expect(Buffer.from(id, 'base64url')).toHaveLength(bytes);
    }
  });

  it('never repeats', () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => randomId(16)));
    expect(ids.size).toBe(1_000);
  });
});

describe('secretHash', () => {
  it('is the SHA-256 of the UTF-8 secret, in base64url', async () => {
    for (const secret of ['', 'abc', 'ü€😀', randomId(32)]) {
      expect(await secretHash(secret)).toBe(createHash('sha256').update(secret, 'utf8').digest('base64url'));
    }
    expect(await secretHash('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});
