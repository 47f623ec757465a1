import { base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { VerifiedTokenCache, issueToken, verifyToken } from './jwt';
import { buildKeyRing, generatePrivateJwk, type KeyRing } from './keys';
import { isHighS, nonCanonicalReason, toLowS } from './token-spelling';
import { highSTwin, withTrailingBits } from '../../test/token-variants';

const config = { issuer: 'authlab' };
const alice = { id: 'u_alice', username: 'alice', role: 'admin' as const };
const T0 = Date.UTC(2026, 0, 1);
const at = (ms: number): Clock => ({ now: () => ms });

const rings: Record<string, KeyRing> = {};
beforeAll(async () => {
  const jwtKeys = JSON.stringify({ keys: [await generatePrivateJwk('ES256'), await generatePrivateJwk('EdDSA')] });
  for (const alg of ['HS256', 'ES256', 'EdDSA'] as const) {
    rings[alg] = await buildKeyRing({ jwtAlg: alg, jwtSecret: 's'.repeat(40), jwtKeys });
  }
});

async function refusal(token: string, ring: KeyRing, cache?: VerifiedTokenCache): Promise<AuthError> {
  const error = await verifyToken(token, { ring, config, clock: at(T0 + 1000), ...(cache ? { cache } : {}) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('nonCanonicalReason', () => {
  it('accepts base64url of every length remainder, and what the encoder writes for any bytes', () => {
    expect(nonCanonicalReason('eyJh.eyJiIjoxfQ.c2ln')).toBeUndefined();
    for (let n = 1; n <= 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      const part = base64url.encode(bytes);
      expect(nonCanonicalReason(`${part}.${part}.${part}`)).toBeUndefined();
    }
  });

  it.each([
    ['padding', 'eyJh.eyJiIjoxfQ==.c2ln'],
    ['a space inside', 'eyJh.eyJi IjoxfQ.c2ln'],
    ['a leading space', ' eyJh.eyJiIjoxfQ.c2ln'],
    ['a trailing tab', 'eyJh.eyJiIjoxfQ.c2ln\t'],
    ['a newline', 'eyJh.eyJiIjoxfQ.c2ln\n'],
    ['standard base64 +', 'eyJh.eyJiIjoxfQ.c2+n'],
    ['standard base64 /', 'eyJh.eyJiIjoxfQ.c2/n'],
    ['quotes around it', '"eyJh.eyJiIjoxfQ.c2ln"'],
    ['two parts', 'eyJh.eyJiIjoxfQ'],
    ['four parts', 'eyJh.eyJiIjoxfQ.c2ln.c2ln'],
    ['an empty part', 'eyJh..c2ln'],
    ['an impossible length', 'eyJh.eyJiIjoxfQ.c2lnA'],
    ['non-zero trailing bits (2 left over)', 'eyJh.eyJiIjoxfR.c2ln'],
    ['non-zero trailing bits (3 left over)', 'eyJh.eyJiIjoxfQ.c2J'],
    ['non-ASCII', 'eyJh.eyJiIjoxfQ.c2lé'],
  ])('refuses %s', (_, token) => {
    expect(nonCanonicalReason(token)).toEqual(expect.any(String));
  });

  it('refuses exactly the texts that decode to bytes which do not re-encode to them', () => {
    // Every 2- and 3-character tail: canonical iff re-encoding the decoded bytes gives it back.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const head of ['QU', 'QUJ']) {
      for (const c of alphabet) {
        const part = head + c;
        const reencoded = base64url.encode(base64url.decode(part));
        expect(nonCanonicalReason(`${part}.${part}.${part}`) === undefined).toBe(reencoded === part);
      }
    }
  });
});

describe.each(['HS256', 'ES256', 'EdDSA'])('%s tokens have one spelling', (alg) => {
  it('refuses every variant of a valid token with 401 invalid_token, cached or not', async () => {
    const ring = rings[alg] as KeyRing;
    const { token } = await issueToken(alice, { ring, config, ttl: 300, clock: at(T0) });
    const cache = new VerifiedTokenCache();
    await expect(verifyToken(token, { ring, config, clock: at(T0 + 1000), cache })).resolves.toMatchObject({ cached: false });
    const variants = [`${token}=`, `${token}==`, ` ${token}`, `${token} `, `${token}\t`, `${token.replace('.', '. ')}`];
    for (const part of [0, 1, 2]) {
      const tweaked = withTrailingBits(token, part);
      if (tweaked) variants.push(tweaked);
    }
    for (const variant of variants) {
      for (const c of [undefined, cache]) {
        const error = await refusal(variant, ring, c);
        expect(error).toMatchObject({ code: 'invalid_token', status: 401 });
      }
    }
    // None of them entered the cache: the original is the only one there.
    expect(cache.size).toBe(1);
  });
});

describe('ES256 signatures', () => {
  it('are always issued low-S', async () => {
    const ring = rings.ES256 as KeyRing;
    for (let i = 0; i < 40; i++) {
      const { token } = await issueToken(alice, { ring, config, ttl: 300, clock: at(T0) });
      expect(isHighS(token)).toBe(false);
    }
  });

  it('refuse the high-S twin, which plain ECDSA would accept', async () => {
    const ring = rings.ES256 as KeyRing;
    const { token } = await issueToken(alice, { ring, config, ttl: 300, clock: at(T0) });
    const twin = highSTwin(token);
    expect(twin).not.toBe(token);
    expect(isHighS(twin)).toBe(true);
    expect(toLowS(twin)).toBe(token);
    const error = await refusal(twin, ring, new VerifiedTokenCache());
    expect(error).toMatchObject({ code: 'invalid_token', status: 401 });
    expect(error.message).toContain('low-S');
    await expect(verifyToken(token, { ring, config, clock: at(T0 + 1000) })).resolves.toBeTruthy();
  });

  it('leave other algorithms and short signatures alone', () => {
    expect(isHighS('a.b.c2ln')).toBe(false);
    expect(toLowS('a.b.c2ln')).toBe('a.b.c2ln');
  });
});
