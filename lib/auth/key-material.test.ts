import { base64url, exportJWK, generateKeyPair, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { KeyMaterialError, generateKey, importPrivateJwk, publicPart, secretJwk } from './key-material';

describe('key material', () => {
  it.each(['HS256', 'ES256', 'EdDSA'] as const)('%s: generates a key that imports with its own algorithm only', async (alg) => {
    const jwk = await generateKey(alg);
    const entry = await importPrivateJwk(jwk, { source: 'rotation', createdAt: 1 });
    expect(entry).toMatchObject({ kid: jwk.kid, alg, source: 'rotation', createdAt: 1 });
    if (alg === 'HS256') {
      expect(base64url.decode(jwk.k as string)).toHaveLength(32);
      expect(entry.publicJwk).toBeUndefined();
    } else {
      expect(entry.publicJwk).toEqual({ ...publicPart(jwk), alg, use: 'sig' });
    }
  });

  const withoutKid = (jwk: JWK): JWK => Object.fromEntries(Object.entries(jwk).filter(([name]) => name !== 'kid'));

  it('refuses keys that do not match their algorithm, public-only keys, short secrets and missing kids', async () => {
    const p384 = { ...(await exportJWK((await generateKeyPair('ES384', { extractable: true })).privateKey)), kid: 'p384', alg: 'ES256' };
    const es = await generateKey('ES256');
    const bad = [
      p384,
      { ...es, alg: 'EdDSA' },
      publicPart(es),
      withoutKid(es),
      { ...es, alg: 'RS256' },
      { ...(await secretJwk(new Uint8Array(32))), k: base64url.encode(new Uint8Array(31)) },
      { kty: 'oct', kid: 'x', alg: 'HS256' },
    ];
    for (const jwk of bad) await expect(importPrivateJwk(jwk), JSON.stringify(jwk).slice(0, 60)).rejects.toBeInstanceOf(KeyMaterialError);
  });

  it('names an HMAC secret by a short digest, never by the secret itself', async () => {
    const secret = new TextEncoder().encode('s'.repeat(40));
    const jwk = await secretJwk(secret);
    expect(jwk.kid).toMatch(/^hs256-[0-9a-f]{12}$/);
    expect(jwk.kid).not.toContain(jwk.k as string);
    expect((await secretJwk(new TextEncoder().encode('t'.repeat(40)))).kid).not.toBe(jwk.kid);
  });
});
