import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError } from '../http/errors';
import { LAB_FOR_HEADER, LAB_KEY_HEADER, LAB_RUNS_PER_ADDRESS, LAB_RUN_RETRY_SECONDS, LabRuns, labFetch } from './lab-peer';

const KEY = Symbol.for('authlab.labPeerKey');
const key = () => {
  const g = globalThis as Record<symbol, unknown>;
  if (typeof g[KEY] !== 'string') Object.defineProperty(g, KEY, { value: 'k'.repeat(43) });
  return g[KEY] as string;
};

/** A fetch that answers from a list and records what it was sent. */
function scripted(answers: Array<() => Response>) {
  const sent: Headers[] = [];
  const impl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(new Headers(init?.headers));
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  }) as typeof fetch;
  return { impl, sent };
}

const busy = (retryAfter: string) => () =>
  new Response(JSON.stringify({ error: { code: 'too_many_attempts', message: 'busy' } }), {
    status: 429,
    headers: { 'Retry-After': retryAfter },
  });
const ok = () => new Response('{}', { status: 200 });

describe('labFetch: the lab’s requests play for the visitor (second outside check N5)', () => {
  it('names the visitor’s address beside this process’s key on every request', async () => {
    const processKey = key();
    const { impl, sent } = scripted([ok]);
    const answer = await labFetch('203.0.113.7', impl)('http://127.0.0.1:1/api/token', { method: 'POST', headers: { Accept: 'x' } });
    expect(answer.status).toBe(200);
    expect(sent[0]?.get(LAB_FOR_HEADER)).toBe('203.0.113.7');
    expect(sent[0]?.get(LAB_KEY_HEADER)).toBe(processKey);
    expect(sent[0]?.get('accept')).toBe('x');
  });

  it('waits out the hashing queue’s "try again in 1 s" once, then answers what the second try got', async () => {
    const { impl, sent } = scripted([busy('1'), ok]);
    const started = performance.now();
    const answer = await labFetch('203.0.113.7', impl)('http://127.0.0.1:1/api/token', { method: 'POST', body: '{}' });
    expect(answer.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('retries only once, and never a throttle’s long Retry-After', async () => {
    const twice = scripted([busy('1'), busy('1')]);
    expect((await labFetch('203.0.113.7', twice.impl)('http://127.0.0.1:1/x')).status).toBe(429);
    expect(twice.sent).toHaveLength(2);
    const long = scripted([busy('880')]);
    expect((await labFetch('203.0.113.7', long.impl)('http://127.0.0.1:1/x')).status).toBe(429);
    expect(long.sent).toHaveLength(1);
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LabRuns: at most LAB_RUNS_PER_ADDRESS runs per address at once', () => {
  it('refuses the next run from a full address with 429 and Retry-After, while another address runs', () => {
    const runs = new LabRuns();
    const releases = Array.from({ length: LAB_RUNS_PER_ADDRESS }, () => runs.enter('127.0.0.20'));
    let refused: unknown;
    try {
      runs.enter('127.0.0.20');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AuthError);
    expect((refused as AuthError).code).toBe('too_many_attempts');
    expect((refused as AuthError).status).toBe(429);
    expect((refused as AuthError).headers).toEqual({ 'Retry-After': String(LAB_RUN_RETRY_SECONDS) });
    expect((refused as AuthError).message).toMatch(/try again in 5 s/);
    const other = runs.enter('127.0.0.21');
    expect(runs.count('127.0.0.21')).toBe(1);
    other();
    releases[0]?.();
    releases[0]?.(); // twice counts once
    expect(runs.count('127.0.0.20')).toBe(LAB_RUNS_PER_ADDRESS - 1);
    const again = runs.enter('127.0.0.20');
    expect(runs.count('127.0.0.20')).toBe(LAB_RUNS_PER_ADDRESS);
    for (const release of [again, ...releases]) release();
    expect(runs.count('127.0.0.20')).toBe(0);
  });

  it('gives a slot back after maxRunMs even if its run never says it ended', () => {
    vi.useFakeTimers();
    const runs = new LabRuns(1, 1_000);
    runs.enter('127.0.0.22');
    expect(runs.count('127.0.0.22')).toBe(1);
    vi.advanceTimersByTime(999);
    expect(runs.count('127.0.0.22')).toBe(1);
    vi.advanceTimersByTime(1);
    expect(runs.count('127.0.0.22')).toBe(0);
  });
});
