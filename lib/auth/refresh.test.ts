import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { familyOf, revokeFamily, rotate, startFamily } from './refresh';

const user = { id: 'u_bob', username: 'bob', role: 'member' as const };
const settings = { refreshTokenTtl: 600, refreshReuseGrace: 10 };
let T = Date.now();
const clock: Clock = { now: () => T };

let store: Awaited<ReturnType<typeof startTestStore>>;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store.close();
});

const opts = () => ({ clock, redis: store.redis });
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof AuthError ? e.code : String(e)));

describe('refresh token rotation', () => {
  it('rotates within a family and returns the user', async () => {
    T = Date.now();
    const first = await startFamily(user, settings, opts());
    const { user: who, refresh } = await rotate(first.token, settings, opts());
    expect(who).toEqual(user);
    expect(refresh.token).not.toBe(first.token);
    expect(refresh.family).toBe(first.family);
    expect(await familyOf(refresh.token, store.redis)).toBe(first.family);
  });

  it('lets a second use within the grace through (two tabs racing)', async () => {
    T = Date.now();
    const first = await startFamily(user, settings, opts());
    await rotate(first.token, settings, opts());
    T += 9_000;
    const again = await rotate(first.token, settings, opts());
    await expect(rotate(again.refresh.token, settings, opts())).resolves.toBeTruthy();
  });

  it('treats a use after the grace as theft and revokes the whole family, newest token too', async () => {
    T = Date.now();
    const first = await startFamily(user, settings, opts());
    const { refresh: newest } = await rotate(first.token, settings, opts());
    T += 10_000;
    expect(await codeOf(rotate(first.token, settings, opts()))).toBe('refresh_token_reused');
    expect(await codeOf(rotate(newest.token, settings, opts()))).toBe('refresh_token_reused');
  });

  it('gives exactly one success to twenty parallel refreshes outside the grace', async () => {
    T = Date.now();
    const noGrace = { ...settings, refreshReuseGrace: 0 };
    const first = await startFamily(user, noGrace, opts());
    const results = await Promise.all(Array.from({ length: 20 }, () => codeOf(rotate(first.token, noGrace, opts()))));
    expect(results.filter((r) => r === 'resolved')).toHaveLength(1);
    expect(results.filter((r) => r === 'refresh_token_reused')).toHaveLength(19);
  });

  it('refuses unknown tokens and revoked families', async () => {
    expect(await codeOf(rotate('nope', settings, opts()))).toBe('invalid_token');
    expect(await codeOf(rotate('x'.repeat(500), settings, opts()))).toBe('invalid_token');
    T = Date.now();
    const first = await startFamily(user, settings, opts());
    await revokeFamily(first.family, 'revoked', opts());
    expect(await codeOf(rotate(first.token, settings, opts()))).toBe('invalid_token');
  });
});
