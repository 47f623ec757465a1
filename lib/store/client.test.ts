import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../http/errors';
import { FAIL_FAST_MS, createStoreClient, withStore } from './client';
import { OUTAGE_PATH, type OutageMode } from './outage-protocol';
import { startStoreServer, type StoreServer } from './server';

const TOKEN = `client-test-${'c'.repeat(32)}`;
const TIMEOUT_MS = 300;
let store: StoreServer;

beforeAll(async () => {
  store = await startStoreServer({ token: TOKEN, port: 0, log: () => undefined });
});
afterAll(async () => {
  await store.close();
});
afterEach(async () => {
  await outage(0);
});

async function outage(seconds: number, mode: OutageMode = 'refuse', token = TOKEN) {
  const res = await fetch(`${store.url}${OUTAGE_PATH}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ seconds, mode }),
  });
  return { status: res.status, json: (await res.json()) as { outage: { mode: string; remainingMs: number } | null; backend: string } };
}

/** A fresh client per test: fail-fast state is per client, as it is per process in the app. */
const client = () => createStoreClient({ url: store.url, token: TOKEN, timeoutMs: TIMEOUT_MS });

async function timed<T>(work: Promise<T>): Promise<{ ms: number; outcome: T | AuthError }> {
  const started = performance.now();
  const outcome = await work.catch((error: unknown) => {
    if (error instanceof AuthError) return error;
    throw error;
  });
  return { ms: performance.now() - started, outcome };
}

describe('the outage switch of the built-in store', () => {
  it('needs the store token, and reports the outage it starts', async () => {
    expect((await outage(5, 'refuse', 'wrong')).status).toBe(401);
    const started = await outage(5, 'hang');
    expect(started.status).toBe(200);
    expect(started.json.outage).toMatchObject({ mode: 'hang' });
    expect(started.json.outage?.remainingMs).toBeGreaterThan(4_000);
    expect(started.json.backend).toBe('memory');
    expect(store.outage()?.mode).toBe('hang');
    expect((await outage(0)).json.outage).toBeNull();
  });

  it('refuses bad requests to the switch with 400', async () => {
    for (const body of [{ seconds: -1 }, { seconds: 1.5 }, { seconds: 10_000 }, { seconds: 5, mode: 'slow' }, {}]) {
      const res = await fetch(`${store.url}${OUTAGE_PATH}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('withStore through an outage', () => {
  it('refused: a quick 503 with Retry-After, nothing written, and the next call after the outage works', async () => {
    const redis = client();
    await withStore((r) => r.set('outage:refused', 'before'), redis);
    await outage(30, 'refuse');
    const { ms, outcome } = await timed(withStore((r) => r.set('outage:refused', 'during'), redis));
    expect(outcome).toBeInstanceOf(AuthError);
    expect((outcome as AuthError).code).toBe('store_unavailable');
    expect((outcome as AuthError).headers['Retry-After']).toBe('1');
    expect(ms).toBeLessThan(500);
    await outage(0);
    // Refused calls don't make the client fail fast: the very next call works.
    expect(await withStore((r) => r.get('outage:refused'), redis)).toBe('before');
  });

  it('hanging: 503 once the time budget runs out, then at once while the store stays down', async () => {
    const redis = client();
    await outage(30, 'hang');
    const first = await timed(withStore((r) => r.get('outage:hang'), redis));
    expect((first.outcome as AuthError).code).toBe('store_unavailable');
    expect(first.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(first.ms).toBeLessThan(TIMEOUT_MS + 400);
    // A request needing three lookups pays the budget once, not three times.
    const three = await timed(
      (async () => {
        for (const key of ['a', 'b', 'c']) await withStore((r) => r.get(key), redis).catch(() => undefined);
        return 'done';
      })(),
    );
    expect(three.ms).toBeLessThan(100);
    await outage(0);
    await new Promise((resolve) => setTimeout(resolve, FAIL_FAST_MS));
    expect(await withStore((r) => r.set('outage:hang', 'after'), redis)).toBe('OK');
  });

  it('a command held by a hanging outage never runs, even after the outage ends', async () => {
    const redis = client();
    await outage(30, 'hang');
    await expect(withStore((r) => r.set('outage:held', 'late'), redis)).rejects.toThrow(AuthError);
    await outage(0);
    const fresh = client();
    expect(await withStore((r) => r.get('outage:held'), fresh)).toBeNull();
  });

  it('a Redis error reply is a 503 but not an outage: the next call is not failed fast', async () => {
    const redis = client();
    await withStore((r) => r.set('outage:string', 'x'), redis);
    await expect(withStore((r) => r.incr('outage:string'), redis)).rejects.toThrow(AuthError);
    expect(await withStore((r) => r.get('outage:string'), redis)).toBe('x');
  });
});
