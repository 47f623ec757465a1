import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { issueToken, verifyToken } from '../auth/jwt';
import { buildKeyRing, generatePrivateJwk, type KeyRing } from '../auth/keys';
import { EXPIRED_AGO_SECONDS, WRONG_AUDIENCE, issueDamagedToken } from './damaged-token';

const config = { issuer: 'authlab' };
const bob = { id: 'u_bob', username: 'bob', role: 'member' as const };
const T0 = Date.UTC(2026, 0, 1);
const at = (ms: number): Clock => ({ now: () => ms });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return (error as AuthError).code;
}

let ring: KeyRing;
beforeAll(async () => {
  ring = await buildKeyRing({
    jwtAlg: 'ES256',
    jwtSecret: undefined,
    jwtKeys: JSON.stringify({ keys: [await generatePrivateJwk('ES256')] }),
  });
});

describe('issueDamagedToken', () => {
  it('expired: the same identity, iat and exp in the past, refused as token_expired', async () => {
    const damaged = await issueDamagedToken(bob, 'expired', { ring, config, ttl: 300, clock: at(T0) });
    const payload = decodeJwt(damaged.token);
    expect(payload).toMatchObject({ sub: 'u_bob', role: 'member', preferred_username: 'bob', aud: 'authlab-api' });
    expect(payload.exp).toBe(T0 / 1000 - EXPIRED_AGO_SECONDS);
    expect(payload.iat).toBe(T0 / 1000 - EXPIRED_AGO_SECONDS - 300);
    expect(damaged.claims).toMatchObject({ aud: 'authlab-api', exp: payload.exp, jti: payload.jti });
    expect(await codeOf(verifyToken(damaged.token, { ring, config, clock: at(T0) }))).toBe('token_expired');
  });

  it('wrong_audience: the claims and header of a real token but another aud, refused as invalid_token', async () => {
    const damaged = await issueDamagedToken(bob, 'wrong_audience', { ring, config, ttl: 300, clock: at(T0) });
    const real = await issueToken(bob, { ring, config, ttl: 300, clock: at(T0) });
    const { aud, jti, ...rest } = decodeJwt(damaged.token);
    const { aud: realAud, jti: realJti, ...realRest } = decodeJwt(real.token);
    expect(aud).toBe(WRONG_AUDIENCE);
    expect(realAud).toBe('authlab-api');
    expect(typeof jti).toBe('string');
    expect(jti).not.toBe(realJti);
    expect(rest).toEqual(realRest);
    expect(decodeProtectedHeader(damaged.token)).toEqual(decodeProtectedHeader(real.token));
    expect(await codeOf(verifyToken(damaged.token, { ring, config, clock: at(T0 + 1000) }))).toBe('invalid_token');
    // Nor does the hybrid internal audience take it.
    expect(await codeOf(verifyToken(damaged.token, { ring, config, kind: 'internal', clock: at(T0 + 1000) }))).toBe('invalid_token');
  });

  it('signs with the current key, so only the damage is wrong: a real token of the same ring verifies', async () => {
    const real = await issueToken(bob, { ring, config, ttl: 300, clock: at(T0) });
    await expect(verifyToken(real.token, { ring, config, clock: at(T0 + 1000) })).resolves.toMatchObject({ identity: { user: bob } });
  });
});
