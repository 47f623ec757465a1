import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import { AuthError } from '../http/errors';
import { FAIL_FAST_MS, STORE_TIMED_OUT, createStoreClient, withStore } from './client';
import { OUTAGE_PATH, type OutageMode } from './outage-protocol';

const TIMEOUT_MS = 300;
let store: Awaited<ReturnType<typeof startTestStore>>;

beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store.close();
});
afterEach(async () => {
  await outage(0);
});

/** Starts (or, with 0, ends) an outage of the built-in store through its switch. */
async function outage(seconds: number, mode: OutageMode = 'refuse') {
  const res = await fetch(`${store.url}${OUTAGE_PATH}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${store.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ seconds, mode }),
  });
  expect(res.status).toBe(200);
}

/** A fresh client per test: fail-fast state is per client, as it is per process in the app. */
const client = () => createStoreClient({ url: store.url, token: store.token, timeoutMs: TIMEOUT_MS });

/** The fail-fast window's clock, moved by hand; each call's own budget still runs on real time. */
function fakeClock() {
  let now = Date.UTC(2030, 0, 1);
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function timed<T>(work: Promise<T>): Promise<{ ms: number; outcome: T | AuthError }> {
  const started = performance.now();
  const outcome = await work.catch((error: unknown) => {
    if (error instanceof AuthError) return error;
    throw error;
  });
  return { ms: performance.now() - started, outcome };
}

const codeOf = (outcome: unknown) => (outcome instanceof AuthError ? outcome.code : outcome);

describe('withStore through an outage', () => {
  it('refused: a quick 503 with Retry-After, nothing written, and the next call after the outage works', async () => {
    const redis = client();
    const clock = fakeClock();
    await withStore((r) => r.set('outage:refused', 'before'), redis, clock);
    await outage(30, 'refuse');
    const { ms, outcome } = await timed(withStore((r) => r.set('outage:refused', 'during'), redis, clock));
    expect(codeOf(outcome)).toBe('store_unavailable');
    expect((outcome as AuthError).headers['Retry-After']).toBe('1');
    // Refused is not slow: the message doesn't blame the time budget.
    expect((outcome as AuthError).message).not.toBe(STORE_TIMED_OUT);
    expect(ms).toBeLessThan(500);
    await outage(0);
    // Refused calls don't make the client fail fast: the very next call works, with no time passed.
    expect(await withStore((r) => r.get('outage:refused'), redis, clock)).toBe('before');
  });

  it('hanging: 503 once the time budget runs out, then at once for FAIL_FAST_MS, then calls go through again', async () => {
    const redis = client();
    const clock = fakeClock();
    await outage(30, 'hang');
    const first = await timed(withStore((r) => r.get('outage:hang'), redis, clock));
    expect(codeOf(first.outcome)).toBe('store_unavailable');
    expect((first.outcome as AuthError).message).toBe(STORE_TIMED_OUT);
    expect(first.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(first.ms).toBeLessThan(TIMEOUT_MS + 400);
    // A request needing three lookups pays the budget once, not three times.
    const three = await timed(
      (async () => {
        const codes = [];
        // Failed fast because of that timeout: said so, too.
        for (const key of ['a', 'b', 'c'])
          codes.push(await withStore((r) => r.get(key), redis, clock).catch((e: unknown) => (e as AuthError).message));
        return codes;
      })(),
    );
    expect(three.outcome).toEqual([STORE_TIMED_OUT, STORE_TIMED_OUT, STORE_TIMED_OUT]);
    expect(three.ms).toBeLessThan(100);
    await outage(0);
    // The store is back, but the window is not over: the call fails without being sent.
    clock.advance(FAIL_FAST_MS - 1);
    expect(await withStore((r) => r.set('outage:hang', 'early'), redis, clock).catch(codeOf)).toBe('store_unavailable');
    clock.advance(1);
    expect(await withStore((r) => r.set('outage:hang', 'after'), redis, clock)).toBe('OK');
    expect(await withStore((r) => r.get('outage:hang'), redis, clock)).toBe('after');
  });

  it('a fail-fast window belongs to one client: another client still reaches the store', async () => {
    const clock = fakeClock();
    const stuck = client();
    await outage(30, 'hang');
    expect(await withStore((r) => r.get('outage:other'), stuck, clock).catch(codeOf)).toBe('store_unavailable');
    await outage(0);
    expect(await withStore((r) => r.set('outage:other', 'fine'), client(), clock)).toBe('OK');
  });

  it('a command held by a hanging outage never runs, even after the outage ends', async () => {
    const redis = client();
    await outage(30, 'hang');
    await expect(withStore((r) => r.set('outage:held', 'late'), redis, fakeClock())).rejects.toThrow(AuthError);
    await outage(0);
    expect(await withStore((r) => r.get('outage:held'), client(), fakeClock())).toBeNull();
  });

  it('a Redis error reply is a 503 but not an outage: the next call is not failed fast', async () => {
    const redis = client();
    const clock = fakeClock();
    await withStore((r) => r.set('outage:string', 'x'), redis, clock);
    await expect(withStore((r) => r.incr('outage:string'), redis, clock)).rejects.toThrow(AuthError);
    expect(await withStore((r) => r.get('outage:string'), redis, clock)).toBe('x');
  });
});
