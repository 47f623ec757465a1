import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { Laps } from '../http/server-timing';
import { createStoreClient } from '../store/client';
import { createSession, endSession, endSessionByCookie, loadSession, resetKnownSessions, touchInterval } from './session';

const user = { id: 'u_alice', username: 'alice', role: 'admin' as const };
const settings = { sessionPassword: 'p'.repeat(32), idleTtl: 60, absoluteTtl: 300 };
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
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AuthError ? e.code : String(e)),
  );

describe('sessions', () => {
  it('creates a session whose cookie holds a sealed id, never the record', async () => {
    T = Date.now();
    const created = await createSession(user, settings, { userAgent: 'test', ...opts() });
    expect(created.cookieValue).toMatch(/^Fe26\.2\*/);
    expect(created.cookieValue).not.toContain(created.record.id);
    expect(created.info.absoluteExpiresAt).toBe(new Date(T + 300_000).toISOString());
    const loaded = await loadSession(created.cookieValue, settings, opts());
    expect(loaded.record).toMatchObject({ userId: 'u_alice', username: 'alice', role: 'admin' });
    expect(loaded.info.id).toBe(created.record.id);
  });

  it('gives every sign-in a new id', async () => {
    const a = await createSession(user, settings, { userAgent: 'a', ...opts() });
    const b = await createSession(user, settings, { userAgent: 'b', ...opts() });
    expect(a.cookieValue).not.toBe(b.cookieValue);
    expect(a.record.id).not.toBe(b.record.id);
  });

  it('slides the idle timeout with use, writing lastSeenAt at most once per interval', async () => {
    T = Date.now();
    const start = T;
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    T = start + 1_000;
    expect((await loadSession(cookieValue, settings, opts())).touch).toBeUndefined();
    T = start + touchInterval(settings.idleTtl);
    // This process has seen the session, so the due write goes along with the lookup itself.
    const due = await loadSession(cookieValue, settings, opts());
    expect(due.lastSeenWrite).toBe('with-lookup');
    expect(due.touch).toBeUndefined();
    T = start + touchInterval(settings.idleTtl) + 5_000;
    const later = await loadSession(cookieValue, settings, opts());
    expect(later.touch).toBeUndefined();
    expect(later.info.lastSeenAt).toBe(new Date(start + touchInterval(settings.idleTtl)).toISOString());
    // 60 s idle counts from the last write, not from sign-in.
    T = start + touchInterval(settings.idleTtl) + 59_000;
    await expect(loadSession(cookieValue, settings, opts())).resolves.toBeTruthy();
  });

  it('expires after the idle timeout', async () => {
    T = Date.now();
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    T += 60_000;
    expect(await codeOf(loadSession(cookieValue, settings, opts()))).toBe('session_expired');
  });

  it('ends a session kept busy at its absolute timeout', async () => {
    T = Date.now();
    const start = T;
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    for (T = start + 10_000; T < start + 300_000; T += 10_000) {
      const s = await loadSession(cookieValue, settings, opts());
      await s.touch?.();
    }
    T = start + 300_000;
    expect(await codeOf(loadSession(cookieValue, settings, opts()))).toBe('session_expired');
  });

  it('answers session_revoked after the session ends, and a late touch does not bring it back', async () => {
    T = Date.now();
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    T += touchInterval(settings.idleTtl);
    const live = await loadSession(cookieValue, settings, opts());
    await endSession(live.hash, live.record, 'logout', opts());
    await live.touch?.();
    expect(await codeOf(loadSession(cookieValue, settings, opts()))).toBe('session_revoked');
    expect(await endSessionByCookie(cookieValue, settings, 'logout', opts())).toBe(false);
  });

  it('refuses tampered, foreign and oversized cookies as unauthenticated', async () => {
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    const flipped = cookieValue.slice(0, 30) + (cookieValue[30] === 'a' ? 'b' : 'a') + cookieValue.slice(31);
    const foreign = (await createSession(user, { ...settings, sessionPassword: 'q'.repeat(32) }, { userAgent: 't', ...opts() }))
      .cookieValue;
    for (const bad of [flipped, foreign, 'Fe26.2**a*b*c*d*e*f*g', 'Fe26.2*1*x*y*z*w*v*u~2', '', '~', 'x'.repeat(5000)]) {
      expect(await codeOf(loadSession(bad, settings, opts())), bad.slice(0, 40)).toBe('unauthenticated');
    }
  });

  it('accepts a cookie in its one spelling only: nothing after the ~2 the seal ends with', async () => {
    resetKnownSessions();
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    expect(await codeOf(loadSession(cookieValue, settings, opts()))).toBe('resolved');
    for (const variant of [
      `${cookieValue}x`,
      `${cookieValue}0`,
      `${cookieValue}.9`,
      cookieValue.replace(/~2$/, '~02'),
      ` ${cookieValue}`,
    ]) {
      resetKnownSessions();
      expect(await codeOf(loadSession(variant, settings, opts())), variant.slice(-6)).toBe('unauthenticated');
    }
  });

  it('reports an unreachable store as store_unavailable, not as signed out', async () => {
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    const down = createStoreClient({ url: 'http://127.0.0.1:9', token: store.token, timeoutMs: 300 });
    expect(await codeOf(loadSession(cookieValue, settings, { clock, redis: down }))).toBe('store_unavailable');
  });
  it('writes a due lastSeenAt separately only for a session this process has not seen, and says so', async () => {
    T = Date.now();
    const start = T;
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    resetKnownSessions();
    T = start + touchInterval(settings.idleTtl);
    const laps = new Laps();
    const first = await loadSession(cookieValue, settings, { ...opts(), laps });
    expect(first.lastSeenWrite).toBe('deferred');
    expect(first.touch).toBeDefined();
    expect(laps.parts.find((p) => p.name === 'store')?.desc).toBe('2 round trips (lastSeenAt written separately)');
    await first.touch?.();
    T += touchInterval(settings.idleTtl);
    const again = new Laps();
    const second = await loadSession(cookieValue, settings, { ...opts(), laps: again });
    expect(second.lastSeenWrite).toBe('with-lookup');
    expect(again.parts.map((p) => [p.name, p.desc])).toEqual([
      ['unseal', 'cached'],
      ['store', '1 round trip, lastSeenAt written'],
    ]);
    // The write landed: a lookup later counts idleness from it.
    T += settings.idleTtl * 1000 - 1_000;
    await expect(loadSession(cookieValue, settings, opts())).resolves.toMatchObject({ lastSeenWrite: 'with-lookup' });
  });

  it('unseals a cookie once per process, and still refuses it once revoked', async () => {
    T = Date.now();
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    const cold = new Laps();
    const live = await loadSession(cookieValue, settings, { ...opts(), laps: cold });
    expect(cold.parts[0]).toMatchObject({ name: 'unseal' });
    expect(cold.parts[0]?.desc).toBeUndefined();
    const warm = new Laps();
    await loadSession(cookieValue, settings, { ...opts(), laps: warm });
    expect(warm.parts[0]).toMatchObject({ name: 'unseal', desc: 'cached' });
    await endSession(live.hash, live.record, 'logout', opts());
    expect(await codeOf(loadSession(cookieValue, settings, opts()))).toBe('session_revoked');
    // The same cookie under another password is unsealed (and refused) afresh, never served from memory.
    expect(await codeOf(loadSession(cookieValue, { sessionPassword: 'q'.repeat(32) }, opts()))).toBe('unauthenticated');
  });

  it('writes nothing along with a lookup once the session is idle, and takes back a write that found it so', async () => {
    T = Date.now();
    const start = T;
    const { cookieValue } = await createSession(user, settings, { userAgent: 't', ...opts() });
    resetKnownSessions();
    T = start + touchInterval(settings.idleTtl);
    // Due, first sight: the caller is to write lastSeenAt, and here never does (say the process died).
    const first = await loadSession(cookieValue, settings, opts());
    expect(first.lastSeenWrite).toBe('deferred');
    // The store's last-seen key still exists (its TTL runs on real time), but by this clock the
    // session went idle; this process thought it live, so its write went along, and is taken back.
    T = start + settings.idleTtl * 1000;
    expect(await codeOf(loadSession(cookieValue, settings, opts()))).toBe('session_expired');
    expect(await store.redis.get(`sess:${first.hash}:seen`)).toBeNull();
    expect(await codeOf(loadSession(cookieValue, settings, opts()))).toBe('session_expired');
  });
});
