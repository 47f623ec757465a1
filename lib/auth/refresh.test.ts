import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { secretHash } from '../http/ids';
import { createStoreClient } from '../store/client';
import { OUTAGE_PATH } from '../store/outage-protocol';
import { ownerOf, revokeAllFamilies, revokeFamily, rotate, startFamily } from './refresh';
import { cutoffKey } from './revocation';

const user = { id: 'u_bob', username: 'bob', role: 'member' as const };
const settings = { refreshTokenTtl: 600, accessTokenTtl: 300, refreshReuseGrace: 10, refreshAbsoluteTtl: 3_600 };
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

describe('refresh token rotation', () => {
  it('rotates within a family and returns the user', async () => {
    T = Date.now();
    const first = await startFamily(user, settings, opts());
    const { user: who, refresh } = await rotate(first.token, settings, opts());
    expect(who).toEqual(user);
    expect(refresh.token).not.toBe(first.token);
    expect(refresh.family).toBe(first.family);
    expect(await ownerOf(refresh.token, store.redis)).toEqual({ family: first.family, userId: 'u_bob', stale: false, ended: false });
    // The rotated token is stale: it may speak for its family at most, never for the user.
    expect(await ownerOf(first.token, store.redis)).toEqual({ family: first.family, userId: 'u_bob', stale: true, ended: false });
  });

  it('gives a second use within the grace the same successor (two tabs racing), never a second chain', async () => {
    T = Date.now();
    const first = await startFamily(user, settings, opts());
    const winner = await rotate(first.token, settings, opts());
    T += 9_000;
    const again = await rotate(first.token, settings, opts());
    expect(again.refresh.token).toBe(winner.refresh.token);
    await expect(rotate(again.refresh.token, settings, opts())).resolves.toBeTruthy();
  });

  it('gives ten parallel uses of one token one successor; the family then has one live chain', async () => {
    T = Date.now();
    const first = await startFamily(user, settings, opts());
    const results = await Promise.all(Array.from({ length: 10 }, () => rotate(first.token, settings, opts())));
    const successors = new Set(results.map((r) => r.refresh.token));
    expect(successors.size).toBe(1);
    const [successor] = [...successors] as [string];
    // The chain goes on from that one successor...
    const next = await rotate(successor, settings, opts());
    // ...and after the grace, any use of the first token is reuse: the family ends, its newest token too.
    T += 10_000;
    expect(await codeOf(rotate(first.token, settings, opts()))).toBe('refresh_token_reused');
    expect(await codeOf(rotate(next.refresh.token, settings, opts()))).toBe('refresh_token_reused');
  });

  it('hands the successor only to holders of the token: the store keeps it sealed under a key derived from it', async () => {
    T = Date.now();
    const first = await startFamily(user, settings, opts());
    const { refresh } = await rotate(first.token, settings, opts());
    const used = await store.redis.get<string>(`rt:${await secretHash(first.token)}:used`);
    expect(used).not.toBeNull();
    expect(used).not.toContain(refresh.token);
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

  it('with no grace, refuses a racer whose clock read earlier but whose claim landed later (another instance)', async () => {
    T = Date.now();
    const noGrace = { ...settings, refreshReuseGrace: 0 };
    const first = await startFamily(user, noGrace, opts());
    await rotate(first.token, noGrace, { clock: { now: () => T + 5 }, redis: store.redis });
    expect(await codeOf(rotate(first.token, noGrace, { clock: { now: () => T }, redis: store.redis }))).toBe('refresh_token_reused');
  });

  it('refuses unknown tokens and revoked families', async () => {
    expect(await codeOf(rotate('nope', settings, opts()))).toBe('invalid_token');
    expect(await codeOf(rotate('x'.repeat(500), settings, opts()))).toBe('invalid_token');
    T = Date.now();
    const first = await startFamily(user, settings, opts());
    await revokeFamily(first.family, 'revoked', opts());
    expect(await codeOf(rotate(first.token, settings, opts()))).toBe('invalid_token');
  });

  it('says a token whose sign-in ended speaks for nobody: revoked, under the cut-off, past its end (ownerOf.ended)', async () => {
    T = Date.now();
    const erin = { id: `u_erin_${T}`, username: 'erin', role: 'member' as const };
    const revoked = await startFamily(erin, settings, opts());
    await revokeFamily(revoked.family, 'revoked', opts());
    expect((await ownerOf(revoked.token, store.redis, T))?.ended).toBe(true);

    const cutOff = await startFamily(erin, settings, opts());
    expect((await ownerOf(cutOff.token, store.redis, T))?.ended).toBe(false);
    await store.redis.set(cutoffKey(erin.id), String(T + 1));
    expect((await ownerOf(cutOff.token, store.redis, T))?.ended).toBe(true);

    const frank = { id: `u_frank_${T}`, username: 'frank', role: 'member' as const };
    const old = await startFamily(frank, settings, opts());
    expect((await ownerOf(old.token, store.redis, T + settings.refreshAbsoluteTtl * 1000 - 1))?.ended).toBe(false);
    expect((await ownerOf(old.token, store.redis, T + settings.refreshAbsoluteTtl * 1000))?.ended).toBe(true);
  });

  it('signs out everywhere: every family of the user ends, other users keep theirs', async () => {
    T = Date.now();
    const carol = { id: `u_carol_${T}`, username: 'carol', role: 'member' as const };
    const dave = { id: `u_dave_${T}`, username: 'dave', role: 'member' as const };
    const a = await startFamily(carol, settings, opts());
    const b = await startFamily(carol, settings, opts());
    const other = await startFamily(dave, settings, opts());
    expect(await revokeAllFamilies(carol.id, opts())).toBe(2);
    expect(await codeOf(rotate(a.token, settings, opts()))).toBe('invalid_token');
    expect(await codeOf(rotate(b.token, settings, opts()))).toBe('invalid_token');
    await expect(rotate(other.token, settings, opts())).resolves.toBeTruthy();
  });
});

describe('refresh absolute lifetime (REFRESH_ABSOLUTE_TTL)', () => {
  const sliding = { ...settings, refreshTokenTtl: 600, refreshAbsoluteTtl: 1_000 };

  it('ends a family at sign-in + the absolute lifetime however often it rotates; sliding expiry is capped by it', async () => {
    T = Date.now();
    const first = await startFamily(user, sliding, opts());
    expect(first.expiresIn).toBe(600);
    let token = first.token;
    // Rotating every 300 s keeps the sliding window alive; the absolute end still comes.
    for (const at of [300, 600, 900]) {
      T += 300_000;
      const { refresh } = await rotate(token, sliding, opts());
      expect(refresh.expiresIn).toBe(Math.min(600, 1_000 - at));
      token = refresh.token;
    }
    T += 100_000;
    const end = await codeOf(rotate(token, sliding, opts()));
    expect(end).toBe('invalid_token');
  });

  it('ends a family no later than notAfter (a throwaway user)', async () => {
    T = Date.now();
    const first = await startFamily(user, sliding, { ...opts(), notAfter: T + 120_000 });
    expect(first.expiresIn).toBe(120);
    T += 119_000;
    const { refresh } = await rotate(first.token, sliding, opts());
    expect(refresh.expiresIn).toBe(1);
    T += 1_000;
    expect(await codeOf(rotate(refresh.token, sliding, opts()))).toBe('invalid_token');
  });

  it("caps the access tokens' lifetime at the family's end too: none outlives a throwaway user or the absolute lifetime", async () => {
    T = Date.now();
    // A throwaway user's sign-in ending in 20 s: access tokens normally live 300 s.
    const first = await startFamily(user, sliding, { ...opts(), notAfter: T + 20_000 });
    expect(first.accessTokenTtl).toBe(20);
    T += 5_000;
    const { refresh } = await rotate(first.token, sliding, opts());
    expect(refresh.accessTokenTtl).toBe(15);
    // The racer within the grace gets the same successor, and the same cap.
    const racer = await rotate(first.token, sliding, opts());
    expect(racer.refresh.accessTokenTtl).toBe(15);
    // Far from the end, the family's own access lifetime.
    T = Date.now();
    const roomy = await startFamily(user, sliding, opts());
    expect(roomy.accessTokenTtl).toBe(300);
    T += 900_000;
    expect((await rotate(roomy.token, sliding, opts())).refresh.accessTokenTtl).toBe(100);
  });

  it('gives families stored without their end (before this setting) the configured absolute lifetime', async () => {
    T = Date.now();
    const first = await startFamily(user, { ...sliding, refreshAbsoluteTtl: 10_000 }, opts());
    const raw = JSON.parse((await store.redis.get<string>(`rtf:${first.family}`)) ?? '{}') as Record<string, unknown>;
    delete raw.endsAt;
    await store.redis.set(`rtf:${first.family}`, JSON.stringify(raw), { keepTtl: true });
    T += 1_000_000;
    expect(await codeOf(rotate(first.token, sliding, opts()))).toBe('invalid_token');
  });
});

describe('refresh through a store outage', () => {
  const outage = (seconds: number) =>
    fetch(`${store.url}${OUTAGE_PATH}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${store.token}` },
      body: JSON.stringify({ seconds, mode: 'hang' }),
    });

  it('answers 503 and leaves the token unspent: the retry afterwards is not taken for theft', async () => {
    T = Date.now();
    const noGrace = { ...settings, refreshReuseGrace: 0 };
    const first = await startFamily(user, settings, opts());
    const during = createStoreClient({ url: store.url, token: store.token, timeoutMs: 200 });
    await outage(30);
    try {
      expect(await codeOf(rotate(first.token, noGrace, { clock, redis: during }))).toBe('store_unavailable');
    } finally {
      await outage(0);
    }
    const after = await rotate(first.token, noGrace, opts());
    expect(after.refresh.family).toBe(first.family);
  });
});
