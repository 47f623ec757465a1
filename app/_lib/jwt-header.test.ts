import { describe, expect, it } from 'vitest';
import { decodeTokenHeader, whichKey } from './jwt-header';

const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = (header: unknown) => `${enc(header)}.${enc({ sub: 'u' })}.c2ln`;
const keys = [
  { kid: 'es256-new', alg: 'ES256', status: 'current' },
  { kid: 'es256-old', alg: 'ES256', status: 'previous' },
];

describe('decodeTokenHeader', () => {
  it('reads alg, kid and typ, forgiving "Bearer " and blanks', () => {
    expect(decodeTokenHeader(`  Bearer ${token({ alg: 'ES256', kid: 'k', typ: 'at+jwt' })}\n`)).toEqual({
      ok: true,
      header: { alg: 'ES256', kid: 'k', typ: 'at+jwt' },
    });
  });

  it('says why something is not a token', () => {
    for (const bad of ['', 'abc', 'a.b', '%%%.e30.x', `${enc({ kid: 'k' })}.e30.x`, `${enc('str')}.e30.x`]) {
      const decoded = decodeTokenHeader(bad);
      expect(decoded.ok, bad).toBe(false);
      if (!decoded.ok) expect(decoded.reason.length).toBeGreaterThan(5);
    }
  });
});

describe('whichKey', () => {
  it('finds the key a header names, and checks the algorithm against it', () => {
    expect(whichKey(keys, { alg: 'ES256', kid: 'es256-old', typ: undefined })).toEqual({ found: true, key: keys[1], algMatches: true });
    expect(whichKey(keys, { alg: 'HS256', kid: 'es256-new', typ: undefined })).toEqual({ found: true, key: keys[0], algMatches: false });
    expect(whichKey(keys, { alg: 'ES256', kid: 'gone', typ: undefined })).toEqual({ found: false, why: 'unknown_kid' });
    expect(whichKey(keys, { alg: 'ES256', kid: undefined, typ: undefined })).toEqual({ found: false, why: 'no_kid' });
  });
});
