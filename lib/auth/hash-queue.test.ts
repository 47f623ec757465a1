import { describe, expect, it } from 'vitest';
import { AuthError } from '../http/errors';
import { HashQueue } from './hash-queue';

/** A job the test finishes by hand, and the order jobs started in. */
function harness() {
  const started: string[] = [];
  const finishers: Array<() => void> = [];
  const job = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      finishers.push(() => resolve(name));
    });
  const finishOne = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    finishers.shift()?.();
    // Let every pending promise callback run, so the queue hands the slot on (a macrotask turn, not a wait).
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, job, finishOne };
}

describe('HashQueue', () => {
  it('runs at most `concurrency` jobs at once and refuses beyond the per-key bound with 429 and Retry-After', async () => {
    const queue = new HashQueue({ concurrency: 2, perKey: 3, total: 10 });
    const { started, job, finishOne } = harness();
    const results = Array.from({ length: 8 }, (_, i) =>
      queue.run('A', job(`A${i}`)).then(
        (v) => v,
        (e: unknown) => (e instanceof AuthError ? `${e.status} ${e.headers['Retry-After']}` : String(e)),
      ),
    );
    await Promise.resolve();
    expect(queue.load).toEqual({ running: 2, queued: 3 });
    expect(started).toEqual(['A0', 'A1']);
    for (let i = 0; i < 5; i += 1) await finishOne();
    expect(await Promise.all(results)).toEqual(['A0', 'A1', 'A2', 'A3', 'A4', '429 1', '429 1', '429 1']);
    expect(queue.load).toEqual({ running: 0, queued: 0 });
  });

  it('serves waiting keys in turn: a job from another key starts at the next free slot, ahead of a burst', async () => {
    const queue = new HashQueue({ concurrency: 1, perKey: 4, total: 10 });
    const { started, job, finishOne } = harness();
    const all = [0, 1, 2, 3, 4].map((i) => queue.run('burst', job(`burst${i}`)));
    all.push(queue.run('owner', job('owner')));
    await finishOne();
    expect(started).toEqual(['burst0', 'burst1']);
    await finishOne();
    expect(started.at(-1)).toBe('owner');
    for (let i = 0; i < 4; i += 1) await finishOne();
    await Promise.all(all);
  });

  it('refuses once the whole queue is full, whatever the key', async () => {
    const queue = new HashQueue({ concurrency: 1, perKey: 5, total: 2 });
    const { job, finishOne } = harness();
    const held = [queue.run('a', job('a')), queue.run('b', job('b')), queue.run('c', job('c'))];
    await expect(queue.run('d', job('d'))).rejects.toMatchObject({ code: 'too_many_attempts' });
    for (let i = 0; i < 3; i += 1) await finishOne();
    await Promise.all(held);
  });
});
