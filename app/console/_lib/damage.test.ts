import { SignJWT, base64url, generateKeyPair, jwtVerify, errors, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, tamperSignature, withAlgNone } from './damage';

let keys: { publicKey: CryptoKey; privateKey: CryptoKey };
let token: string;

beforeAll(async () => {
  keys = await generateKeyPair('ES256');
  token = await new SignJWT({ role: 'admin', preferred_username: 'alice', note: 'ünïcode ✓' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
    .setSubject('u_alice')
    .setAudience('authlab-api')
    .setExpirationTime('5m')
    .sign(keys.privateKey);
});

const verify = (t: string) => jwtVerify(t, keys.publicKey, { algorithms: ['ES256'] });

describe('decodeJwt', () => {
  it('reads header and payload without verifying', () => {
    expect(decodeJwt(token)).toMatchObject({ header: { alg: 'ES256', kid: 'k1' }, payload: { sub: 'u_alice', note: 'ünïcode ✓' } });
  });

  it('is undefined for what is not a JWT', () => {
    for (const bad of [
      '',
      'abc',
      'a.b',
      'a.b.c',
      '!!.??.x',
      `${base64url.encode('"str"')}.${base64url.encode('{}')}.x`,
      `${base64url.encode('{}')}.${base64url.encode('[1]')}.x`,
    ]) {
      expect(decodeJwt(bad)).toBeUndefined();
    }
  });
});

describe('tamperSignature', () => {
  it('keeps header and payload but the signature no longer verifies', async () => {
    await expect(verify(token)).resolves.toBeTruthy();
    const damaged = tamperSignature(token);
    const [h, p, s] = damaged.token.split('.');
    expect(`${h}.${p}`).toBe(token.split('.').slice(0, 2).join('.'));
    expect(s).not.toBe(token.split('.')[2]);
    await expect(verify(damaged.token)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    expect(damaged.note).toMatch(/first character/);
  });

  it('changes a signature that starts with "A" too', () => {
    const [h, p, s = ''] = token.split('.');
    const startsWithA = `${h}.${p}.A${s.slice(1)}`;
    expect(tamperSignature(startsWithA).token).toBe(`${h}.${p}.B${s.slice(1)}`);
  });

  it('refuses an unsigned token', () => {
    expect(() => tamperSignature('a.b.')).toThrow(/not a signed JWT/);
  });
});

describe('withAlgNone', () => {
  it('is the same payload, alg none, no signature, and a verifier refuses it', async () => {
    const damaged = withAlgNone(token);
    const decoded = decodeJwt(damaged.token);
    expect(decoded?.header).toEqual({ alg: 'none', kid: 'k1', typ: 'at+jwt' });
    expect(decoded?.payload).toEqual(decodeJwt(token)?.payload);
    expect(damaged.token.endsWith('.')).toBe(true);
    await expect(verify(damaged.token)).rejects.toBeInstanceOf(errors.JOSEAlgNotAllowed);
  });
});
