// The sign-in wiring: a full hashing queue refuses (429 "try again in 1 s") before the attempt is
// counted; a refusal after counting is given back on the throttling counters; a wrong password is not. The parts are mocked: their own tests
// (rate-limit, hash-queue, password) cover them against a real store.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../http/errors';
import { HashQueueFull } from './hash-queue';
import { passwordHashing } from './scrypt';

const calls: string[] = [];
let answer: () => Promise<unknown> = async () => undefined;

vi.mock('./rate-limit', () => ({
  reserveLoginAttempt: async () => void calls.push('reserve'),
  refundLoginAttempt: async () => void calls.push('refund'),
  settleSuccessfulSignIn: async () => void calls.push('settle'),
}));
vi.mock('./password', () => ({ checkCredentials: () => answer() }));
vi.mock('./csrf', () => ({ assertSameOrigin: () => undefined }));
vi.mock('../config', () => ({
  getConfig: () => ({ trustProxyHops: 0, accessTokenTtl: 300, refreshTokenTtl: 86_400, sessionIdleTtl: 1_800, sessionAbsoluteTtl: 43_200 }),
}));

const { signIn } = await import('./sign-in');

const request = () =>
  new Request('http://127.0.0.1/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-peer-address': '127.0.0.9' },
    body: JSON.stringify({ username: 'alice', password: 'whatever' }),
  });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AuthError ? e.code : String(e)),
  );

describe('signIn', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('gives the attempt back when the hashing queue was full, and says try again (429)', async () => {
    answer = async () => {
      throw new HashQueueFull();
    };
    expect(await codeOf(signIn(request()))).toBe('too_many_attempts');
    expect(calls).toEqual(['reserve', 'refund']);
  });

  it('refuses before counting anything when the hashing queue has no place for the address (nothing to give back)', async () => {
    answer = async () => undefined;
    const places = [0, 1, 2, 3].map(() => passwordHashing.reserve('127.0.0.9'));
    const refused = await signIn(request()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HashQueueFull);
    expect(refused).toMatchObject({ status: 429, headers: { 'Retry-After': '1' } });
    expect(calls).toEqual([]);
    for (const place of places) place.release();
    expect(await codeOf(signIn(request()))).toBe('invalid_credentials');
    expect(calls).toEqual(['reserve']);
  });

  it('keeps a wrong password counted', async () => {
    answer = async () => undefined;
    expect(await codeOf(signIn(request()))).toBe('invalid_credentials');
    expect(calls).toEqual(['reserve']);
  });
});
