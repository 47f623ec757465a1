import { SignJWT, base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { VerifiedTokenCache, issueToken, verifyToken } from './jwt';
import { CLOCK_TOLERANCE } from './jwt-profile';
import { PRIVATE_MEMBERS } from './key-material';
import { buildKeyRing, generatePrivateJwk, publicJwks, type KeyEntry, type KeyRing } from './keys';

const config = { issuer: 'authlab' };
const alice = { id: 'u_alice', username: 'alice', role: 'admin' as const };
const at = (ms: number): Clock => ({ now: () => ms });
const T0 = Date.UTC(2026, 0, 1);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return (error as AuthError).code;
}

const rings: Record<string, KeyRing> = {};
const secret = 's'.repeat(40);

beforeAll(async () => {
  const jwtKeys = JSON.stringify({ keys: [await generatePrivateJwk('ES256'), await generatePrivateJwk('EdDSA')] });
  rings.HS256 = await buildKeyRing({ jwtAlg: 'HS256', jwtSecret: secret, jwtKeys });
  rings.ES256 = await buildKeyRing({ jwtAlg: 'ES256', jwtSecret: secret, jwtKeys });
  rings.EdDSA = await buildKeyRing({ jwtAlg: 'EdDSA', jwtSecret: secret, jwtKeys });
});

describe.each(['HS256', 'ES256', 'EdDSA'])('%s', (alg) => {
  it('signs and verifies with the contract claims and header', async () => {
    const ring = rings[alg] as KeyRing;
    const issued = await issueToken(alice, { ring, config, ttl: 300, clock: at(T0) });
    const { identity, payload, header } = await verifyToken(issued.token, { ring, config, clock: at(T0 + 1000) });
    expect(identity).toMatchObject({ user: alice, mode: 'jwt', token: { alg, jti: issued.jti } });
    expect(header).toMatchObject({ alg, kid: ring.current.kid, typ: 'at+jwt' });
    expect(payload).toMatchObject({
      iss: 'authlab',
      aud: 'authlab-api',
      sub: 'u_alice',
      role: 'admin',
      iat: T0 / 1000,
      exp: T0 / 1000 + 300,
    });
  });

  it('is expired after exp plus the clock tolerance, not before', async () => {
    const ring = rings[alg] as KeyRing;
    const { token } = await issueToken(alice, { ring, config, ttl: 60, clock: at(T0) });
    await expect(verifyToken(token, { ring, config, clock: at(T0 + 64_000) })).resolves.toBeTruthy();
    expect(await codeOf(verifyToken(token, { ring, config, clock: at(T0 + 66_000) }))).toBe('token_expired');
  });
});

describe('refused tokens', () => {
  it('refuses a token signed for another algorithm, or a key of another ring', async () => {
    const es = await issueToken(alice, { ring: rings.ES256 as KeyRing, config, ttl: 60, clock: at(T0) });
    expect(await codeOf(verifyToken(es.token, { ring: rings.EdDSA as KeyRing, config, clock: at(T0) }))).toBe('invalid_token');
  });

  it('refuses HS384/HS512 made with the HS256 secret', async () => {
    const ring = rings.HS256 as KeyRing;
    for (const alg of ['HS384', 'HS512']) {
      const token = await new SignJWT({ role: 'admin', preferred_username: 'alice' })
        .setProtectedHeader({ alg, kid: ring.current.kid, typ: 'at+jwt' })
        .setIssuer('authlab')
        .setAudience('authlab-api')
        .setSubject('u_alice')
        .setIssuedAt(T0 / 1000)
        .setExpirationTime(T0 / 1000 + 60)
        .setJti('j')
        .sign(new TextEncoder().encode(secret));
      expect(await codeOf(verifyToken(token, { ring, config, clock: at(T0) }))).toBe('invalid_token');
    }
  });

  it('refuses an HS256 token whose HMAC key is the public key (algorithm confusion)', async () => {
    const ring = rings.ES256 as KeyRing;
    const pub = publicJwks(ring).keys[0];
    const token = await new SignJWT({ role: 'admin', preferred_username: 'alice' })
      .setProtectedHeader({ alg: 'HS256', kid: ring.current.kid, typ: 'at+jwt' })
      .setIssuer('authlab')
      .setAudience('authlab-api')
      .setSubject('u_alice')
      .setIssuedAt(T0 / 1000)
      .setExpirationTime(T0 / 1000 + 60)
      .setJti('j')
      .sign(new TextEncoder().encode(JSON.stringify(pub)));
    expect(await codeOf(verifyToken(token, { ring, config, clock: at(T0) }))).toBe('invalid_token');
  });

  it('refuses alg none, edited payloads, unknown kids and malformed tokens', async () => {
    const ring = rings.ES256 as KeyRing;
    const { token } = await issueToken(alice, { ring, config, ttl: 60, clock: at(T0) });
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
    const enc = (o: unknown) => base64url.encode(JSON.stringify(o));
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(h)));
    const bad = [
      `${enc({ alg: 'none', typ: 'at+jwt' })}.${p}.`,
      `${h}.${enc({ ...claims, role: 'admin', sub: 'u_bob' })}.${s}`,
      `${enc({ ...header, kid: '../../etc/passwd' })}.${p}.${s}`,
      `${enc({ ...header, kid: '__proto__' })}.${p}.${s}`,
      `${enc({ ...header, jku: 'http://127.0.0.1:9/jwks' })}.${p}.${s}`,
      `${enc({ ...header, crit: ['exp'], exp: 1 })}.${p}.${s}`,
      `${h}.${p}`,
      'e30.e30.',
      '%%%.%%%.%%%',
      `${h}.${p}.${s}${'A'.repeat(5000)}`,
    ];
    for (const t of bad) expect(await codeOf(verifyToken(t, { ring, config, clock: at(T0) })), t.slice(0, 60)).toBe('invalid_token');
  });

  it('keeps access and internal tokens apart (audience and type)', async () => {
    const ring = rings.ES256 as KeyRing;
    const internal = await issueToken(alice, { ring, config, ttl: 60, kind: 'internal', clock: at(T0) });
    const access = await issueToken(alice, { ring, config, ttl: 60, clock: at(T0) });
    expect(await codeOf(verifyToken(internal.token, { ring, config, clock: at(T0) }))).toBe('invalid_token');
    expect(await codeOf(verifyToken(access.token, { ring, config, kind: 'internal', clock: at(T0) }))).toBe('invalid_token');
    const ok = await verifyToken(internal.token, { ring, config, kind: 'internal', clock: at(T0) });
    expect(ok.identity.mode).toBe('internal');
  });

  it('refuses another issuer', async () => {
    const ring = rings.ES256 as KeyRing;
    const { token } = await issueToken(alice, { ring, config: { issuer: 'someone-else' }, ttl: 60, clock: at(T0) });
    expect(await codeOf(verifyToken(token, { ring, config, clock: at(T0) }))).toBe('invalid_token');
  });
});

describe('keys and algorithms', () => {
  const ALGS = ['HS256', 'ES256', 'EdDSA'] as const;

  it.each(ALGS.flatMap((from) => ALGS.filter((to) => to !== from).map((to) => [from, to] as const)))(
    'refuses a %s token in a %s ring',
    async (from, to) => {
      const { token } = await issueToken(alice, { ring: rings[from] as KeyRing, config, ttl: 60, clock: at(T0) });
      expect(await codeOf(verifyToken(token, { ring: rings[to] as KeyRing, config, clock: at(T0) }))).toBe('invalid_token');
    },
  );

  it('in a ring of several algorithms, each key accepts only its own', async () => {
    const es = (rings.ES256 as KeyRing).current;
    const ed = (rings.EdDSA as KeyRing).current;
    const hs = (rings.HS256 as KeyRing).current;
    const mixed: KeyRing = { current: es, byKid: new Map([es, ed, hs].map((e) => [e.kid, e])) };
    for (const signer of [es, ed, hs]) {
      const ok = await issueToken(alice, { ring: { ...mixed, current: signer }, config, ttl: 60, clock: at(T0) });
      await expect(verifyToken(ok.token, { ring: mixed, config, clock: at(T0) })).resolves.toBeTruthy();
      for (const other of [es, ed, hs].filter((e) => e !== signer)) {
        // The signer's algorithm and signature under another key's kid.
        const forged = await issueToken(alice, {
          ring: { ...mixed, current: { ...signer, kid: other.kid } },
          config,
          ttl: 60,
          clock: at(T0),
        });
        expect(await codeOf(verifyToken(forged.token, { ring: mixed, config, clock: at(T0) })), `${signer.alg} as ${other.kid}`).toBe(
          'invalid_token',
        );
      }
    }
  });

  it('refuses a token whose kid names another key of the same algorithm', async () => {
    const jwtKeys = JSON.stringify({ keys: [await generatePrivateJwk('ES256'), await generatePrivateJwk('ES256')] });
    const ring = await buildKeyRing({ jwtAlg: 'ES256', jwtSecret: undefined, jwtKeys });
    const [first, second] = [...ring.byKid.values()] as [KeyEntry, KeyEntry];
    const honest = await issueToken(alice, { ring: { ...ring, current: second }, config, ttl: 60, clock: at(T0) });
    await expect(verifyToken(honest.token, { ring, config, clock: at(T0) })).resolves.toBeTruthy();
    const wrongKid = await issueToken(alice, { ring: { ...ring, current: { ...second, kid: first.kid } }, config, ttl: 60, clock: at(T0) });
    expect(await codeOf(verifyToken(wrongKid.token, { ring, config, clock: at(T0) }))).toBe('invalid_token');
    const missingKid = await new SignJWT({ role: 'admin', preferred_username: 'alice' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
      .setIssuer('authlab')
      .setAudience('authlab-api')
      .setSubject('u_alice')
      .setIssuedAt(T0 / 1000)
      .setExpirationTime(T0 / 1000 + 60)
      .setJti('j')
      .sign(first.signKey);
    expect(await codeOf(verifyToken(missingKid, { ring, config, clock: at(T0) }))).toBe('invalid_token');
  });

  it('accepts a replaced key until its retiresAt, to the millisecond, then refuses it as invalid_token', async () => {
    const base = rings.ES256 as KeyRing;
    const retiring: KeyEntry = { ...base.current, retiresAt: T0 + 30_000 };
    const ring: KeyRing = { current: retiring, byKid: new Map([[retiring.kid, retiring]]) };
    const { token } = await issueToken(alice, { ring, config, ttl: 300, clock: at(T0) });
    await expect(verifyToken(token, { ring, config, clock: at(T0 + 29_999) })).resolves.toBeTruthy();
    const error = await verifyToken(token, { ring, config, clock: at(T0 + 30_000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'invalid_token', message: expect.stringContaining('retired') });
  });
});

describe('JWKS', () => {
  it('publishes public parts only, and nothing for HS256', () => {
    expect(publicJwks(rings.HS256 as KeyRing).keys).toEqual([]);
    for (const alg of ['ES256', 'EdDSA']) {
      const { keys } = publicJwks(rings[alg] as KeyRing);
      expect(keys).toHaveLength(1);
      for (const member of PRIVATE_MEMBERS) expect(keys[0]).not.toHaveProperty(member);
      expect(keys[0]).toMatchObject({ alg, use: 'sig' });
    }
  });
});

let cacheRing: KeyRing;
let swappedRing: KeyRing;
beforeAll(async () => {
  cacheRing = await buildKeyRing({
    jwtAlg: 'ES256',
    jwtSecret: undefined,
    jwtKeys: JSON.stringify({ keys: [await generatePrivateJwk('ES256')] }),
  });
  // The same kid with other key material: a cached verdict must not carry over to it.
  const swapped = { ...(await generatePrivateJwk('ES256')), kid: cacheRing.current.kid };
  swappedRing = await buildKeyRing({ jwtAlg: 'ES256', jwtSecret: undefined, jwtKeys: JSON.stringify({ keys: [swapped] }) });
});

describe('VerifiedTokenCache', () => {
  it('skips the signature check only for a token it verified, and says so', async () => {
    const cache = new VerifiedTokenCache();
    const { token } = await issueToken(alice, { ring: cacheRing, config, ttl: 60, clock: at(T0) });
    const first = await verifyToken(token, { ring: cacheRing, config, clock: at(T0), cache });
    const second = await verifyToken(token, { ring: cacheRing, config, clock: at(T0 + 1_000), cache });
    expect([first.cached, second.cached]).toEqual([false, true]);
    expect(second.identity).toEqual(first.identity);
    // Its kid comes from the cache too, with no second parse; another kind knows nothing of it.
    expect(cache.kidOf('access', token)).toBe(cacheRing.current.kid);
    expect(cache.kidOf('internal', token)).toBeUndefined();
    // A refused token is never remembered: the same bad text is checked (and refused) every time.
    const forged = `${token.slice(0, -4)}AAAA`;
    for (let i = 0; i < 2; i++)
      expect(await codeOf(verifyToken(forged, { ring: cacheRing, config, clock: at(T0), cache }))).toBe('invalid_token');
    expect(cache.size).toBe(1);
  });

  it('still refuses a cached token once it expires, retires or its key changes', async () => {
    const cache = new VerifiedTokenCache();
    const { token } = await issueToken(alice, { ring: cacheRing, config, ttl: 60, clock: at(T0) });
    await verifyToken(token, { ring: cacheRing, config, clock: at(T0), cache });
    // Expired: exactly as without the cache (exp plus the tolerance).
    expect((await verifyToken(token, { ring: cacheRing, config, clock: at(T0 + (60 + CLOCK_TOLERANCE) * 1000 - 1), cache })).cached).toBe(
      true,
    );
    expect(await codeOf(verifyToken(token, { ring: cacheRing, config, clock: at(T0 + (60 + CLOCK_TOLERANCE) * 1000), cache }))).toBe(
      'token_expired',
    );

    await verifyToken(token, { ring: cacheRing, config, clock: at(T0), cache });
    const retiring: KeyRing = {
      current: cacheRing.current,
      byKid: new Map([[cacheRing.current.kid, { ...cacheRing.current, retiresAt: T0 + 10_000 }]]),
    };
    expect(await codeOf(verifyToken(token, { ring: retiring, config, clock: at(T0 + 10_000), cache }))).toBe('invalid_token');

    await verifyToken(token, { ring: cacheRing, config, clock: at(T0), cache });
    expect(await codeOf(verifyToken(token, { ring: swappedRing, config, clock: at(T0), cache }))).toBe('invalid_token');
    const gone: KeyRing = { current: swappedRing.current, byKid: new Map() };
    expect(await codeOf(verifyToken(token, { ring: gone, config, clock: at(T0), cache }))).toBe('invalid_token');
  });

  it('keeps the kinds apart: an access token verified once is still not an internal token', async () => {
    const cache = new VerifiedTokenCache();
    const { token } = await issueToken(alice, { ring: cacheRing, config, ttl: 60, clock: at(T0) });
    await verifyToken(token, { ring: cacheRing, config, clock: at(T0), cache });
    expect(await codeOf(verifyToken(token, { ring: cacheRing, config, kind: 'internal', clock: at(T0), cache }))).toBe('invalid_token');
  });

  it('is bounded: the least recently used entry goes first', async () => {
    const cache = new VerifiedTokenCache(2);
    const issued = await Promise.all([0, 1, 2].map(() => issueToken(alice, { ring: cacheRing, config, ttl: 60, clock: at(T0) })));
    const [a, b, c] = issued.map((i) => i.token) as [string, string, string];
    const verify = async (token: string) => (await verifyToken(token, { ring: cacheRing, config, clock: at(T0), cache })).cached;
    expect([await verify(a), await verify(b), await verify(a)]).toEqual([false, false, true]);
    // a was used after b, so c's arrival pushes b out, not a.
    expect(await verify(c)).toBe(false);
    expect(cache.size).toBe(2);
    expect([await verify(a), await verify(c), await verify(b)]).toEqual([true, true, false]);
  });
});
