// The JWT attacks of the security checklist that jwt.test.ts does not already cover: each token is
// built by hand, signed with the real key where the attack needs it, and must be refused with 401.
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { randomId } from '../http/ids';
import { verifyToken } from './jwt';
import { toLowS } from './token-spelling';
import { buildKeyRing, generatePrivateJwk, type KeyRing } from './keys';

const config = { issuer: 'authlab' };
const T0 = Date.UTC(2026, 0, 1);
const at = (ms: number): Clock => ({ now: () => ms });
let ring: KeyRing;
let privateJwk: Awaited<ReturnType<typeof generatePrivateJwk>>;

beforeAll(async () => {
  privateJwk = await generatePrivateJwk('ES256');
  ring = await buildKeyRing({ jwtAlg: 'ES256', jwtSecret: undefined, jwtKeys: JSON.stringify({ keys: [privateJwk] }) });
});

const claims = (over: JWTPayload = {}): JWTPayload => ({
  iss: 'authlab',
  aud: 'authlab-api',
  sub: 'u_alice',
  iat: T0 / 1000,
  exp: T0 / 1000 + 300,
  jti: 'j-1',
  role: 'admin',
  preferred_username: 'alice',
  ...over,
});

async function signed(payload: JWTPayload, header: Record<string, unknown> = {}) {
  const key = await importJWK(privateJwk, 'ES256');
  // Low-S, as the app issues them: the refusals below are about the attack, not the signature's form.
  return toLowS(await new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: ring.current.kid, typ: 'at+jwt', ...header }).sign(key));
}

async function codeOf(token: string, clock: Clock = at(T0 + 1000)): Promise<string> {
  const error = await verifyToken(token, { ring, config, clock }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return (error as AuthError).code;
}

describe('JWT attacks', () => {
  it('accepts the well-formed baseline (so the refusals below are about the attack)', async () => {
    await expect(verifyToken(await signed(claims()), { ring, config, clock: at(T0 + 1000) })).resolves.toBeTruthy();
  });

  it("ignores an embedded jwk: a token signed with the attacker's own key is refused", async () => {
    const attacker = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(attacker.publicKey);
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', jwk }).sign(attacker.privateKey);
    expect(await codeOf(token)).toBe('invalid_token');
    const withOurKid = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: ring.current.kid, jwk })
      .sign(attacker.privateKey);
    expect(await codeOf(withOurKid)).toBe('invalid_token');
  });

  it("never fetches jku or x5u: a token pointing at an attacker's keys is refused", async () => {
    const attacker = await generateKeyPair('ES256');
    for (const header of [{ jku: 'http://127.0.0.1:9/jwks.json' }, { x5u: 'http://127.0.0.1:9/cert.pem' }]) {
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', ...header }).sign(attacker.privateKey);
      expect(await codeOf(token)).toBe('invalid_token');
    }
  });

  it('refuses missing exp, not-yet-valid nbf, and iat-less tokens even when signed by our key', async () => {
    const noExp = claims();
    delete noExp.exp;
    expect(await codeOf(await signed(noExp))).toBe('invalid_token');
    expect(await codeOf(await signed(claims({ nbf: T0 / 1000 + 600 })))).toBe('invalid_token');
    const noIat = claims();
    delete noIat.iat;
    expect(await codeOf(await signed(noIat))).toBe('invalid_token');
  });

  it('refuses the wrong typ, the wrong audience, and a role outside the known ones', async () => {
    for (const typ of ['JWT', 'internal+jwt', 'refresh+jwt']) expect(await codeOf(await signed(claims(), { typ }))).toBe('invalid_token');
    expect(await codeOf(await signed(claims({ aud: 'authlab-internal' })))).toBe('invalid_token');
    expect(await codeOf(await signed(claims({ role: 'superuser' })))).toBe('invalid_token');
  });

  it('refuses a refresh token presented as an access token', async () => {
    // Refresh tokens are opaque random strings, not JWTs: they never parse as one.
    expect(await codeOf(randomId(32))).toBe('invalid_token');
  });

  it('refuses an expired token as token_expired, even inside a long-lived signature', async () => {
    expect(await codeOf(await signed(claims()), at(T0 + 400_000))).toBe('token_expired');
  });
});
