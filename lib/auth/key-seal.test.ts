import { describe, expect, it } from 'vitest';
import { generatePrivateJwk } from './key-material';
import { SealError, sealJwk, unsealJwk } from './key-seal';

const password = 'p'.repeat(32);

describe('sealed keys', () => {
  it('open only with the same password and binding, and never show the private part', async () => {
    const jwk = await generatePrivateJwk('ES256');
    const sealed = await sealJwk(jwk, 'ES256 a', password);
    expect(sealed).toMatch(/^k1\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(jwk.d as string);
    expect(await unsealJwk(sealed, 'ES256 a', password)).toEqual(jwk);
    // A fresh IV each time: equal keys don't look equal at rest.
    expect(await sealJwk(jwk, 'ES256 a', password)).not.toBe(sealed);

    await expect(unsealJwk(sealed, 'ES256 b', password)).rejects.toBeInstanceOf(SealError);
    await expect(unsealJwk(sealed, 'ES256 a', 'q'.repeat(32))).rejects.toBeInstanceOf(SealError);
  });

  it('refuses any edited byte and unknown formats', async () => {
    const sealed = await sealJwk(await generatePrivateJwk('EdDSA'), 'x', password);
    const [format, iv, body] = sealed.split('.') as [string, string, string];
    const flip = (s: string) => `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
    for (const bad of [`${format}.${flip(iv)}.${body}`, `${format}.${iv}.${flip(body)}`, `k0.${iv}.${body}`, `${sealed}.x`, 'k1..', '']) {
      await expect(unsealJwk(bad, 'x', password), bad.slice(0, 20)).rejects.toBeInstanceOf(SealError);
    }
  });
});
