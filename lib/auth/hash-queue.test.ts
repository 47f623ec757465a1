import { describe, expect, it } from 'vitest';
import { AuthError } from '../http/errors';
import { HashQueue, HashQueueFull } from './hash-queue';

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

  it('starts a job from a quiet key at the next free slot, ahead of a burst that was queued first', async () => {
    const queue = new HashQueue({ concurrency: 1, perKey: 4, total: 10 });
    const { started, job, finishOne } = harness();
    const all = [0, 1, 2, 3, 4].map((i) => queue.run('burst', job(`burst${i}`)));
    all.push(queue.run('owner', job('owner')));
    await finishOne();
    expect(started).toEqual(['burst0', 'owner']);
    for (let i = 0; i < 5; i += 1) await finishOne();
    await Promise.all(all);
    expect(started).toEqual(['burst0', 'owner', 'burst1', 'burst2', 'burst3', 'burst4']);
  });

  it('refuses once the whole queue is full, whatever the key', async () => {
    const queue = new HashQueue({ concurrency: 1, perKey: 5, total: 2 });
    const { job, finishOne } = harness();
    const held = [queue.run('a', job('a')), queue.run('b', job('b')), queue.run('c', job('c'))];
    await expect(queue.run('d', job('d'))).rejects.toMatchObject({ code: 'too_many_attempts' });
    for (let i = 0; i < 3; i += 1) await finishOne();
    await Promise.all(held);
  });

  it('serves a quiet address next, ahead of 40 busy addresses that each keep 2 jobs queued', async () => {
    let now = 0;
    // Room for all 80 (the sign-in test runs the same burst through both real queues, where they don't fit).
    const queue = new HashQueue({ concurrency: 2, perKey: 4, total: 100, now: () => now });
    const { started, job, finishOne } = harness();
    const busy = Array.from({ length: 40 }, (_, i) => `10.0.0.${i}`);
    const answers: Array<Promise<unknown>> = [];
    const send = (key: string) => answers.push(queue.run(key, job(key)));
    for (const key of busy) [0, 1].forEach(() => send(key));
    // Each answered job is sent again at once, as an attacker keeping two in flight does; 100 ms a hash.
    for (let round = 0; round < 200; round += 1) {
      now += 100;
      await finishOne();
      send(started[round] as string);
    }
    expect(queue.load).toEqual({ running: 2, queued: 78 });
    const before = started.length;
    const quiet = queue.run('192.0.2.7', job('192.0.2.7'));
    let ranBefore = 0;
    while (!started.slice(before).includes('192.0.2.7')) {
      now += 100;
      await finishOne();
      ranBefore = started.length - before - (started.slice(before).includes('192.0.2.7') ? 1 : 0);
    }
    expect(ranBefore).toBeLessThanOrEqual(queue.options.concurrency);
    for (let i = 0; i < 100; i += 1) await finishOne();
    await expect(quiet).resolves.toBe('192.0.2.7');
    await Promise.all(answers);
  });

  it('makes room for a quiet key in a full queue by refusing the newest waiting job of the busiest key (429, Retry-After)', async () => {
    let now = 0;
    const queue = new HashQueue({ concurrency: 2, perKey: 2, total: 6, evict: true, now: () => now });
    const { started, job, finishOne } = harness();
    const answer = (p: Promise<unknown>) =>
      p.then(
        (v) => v,
        (e: unknown) => (e instanceof AuthError ? `${e.status} ${e.headers['Retry-After']}` : String(e)),
      );
    // Three busy keys have been hashing lately; 'c' most of all.
    for (const [key, times] of [
      ['a', 1],
      ['b', 2],
      ['c', 4],
    ] as const) {
      for (let i = 0; i < times; i += 1) {
        const done = queue.run(key, job(`${key}-warm${i}`));
        await finishOne();
        await done;
      }
    }
    now += 1000;
    const held = [queue.run('a', job('a-run0')), queue.run('a', job('a-run1'))];
    const waiting = ['a', 'a', 'b', 'b', 'c', 'c'].map((key, i) => answer(queue.run(key, job(`${key}${i}`))));
    expect(queue.load).toEqual({ running: 2, queued: 6 });
    const quiet = answer(queue.run('quiet', job('quiet')));
    // 'c' asked most lately: its newest waiting job is the one refused, at once.
    expect(await waiting[5]).toBe('429 1');
    expect(queue.load).toEqual({ running: 2, queued: 6 });
    // A busy key arriving at a full queue is refused as before (it doesn't ask clearly less than anyone waiting).
    expect(await answer(queue.run('c', job('c-late')))).toBe('429 1');
    await finishOne();
    expect(started.at(-1)).toBe('quiet');
    for (let i = 0; i < 8; i += 1) await finishOne();
    expect(await quiet).toBe('quiet');
    await Promise.all(held);
    expect(await Promise.all(waiting.slice(0, 5))).toEqual(['a0', 'a1', 'b2', 'b3', 'c4']);
  });

  it('ranks a key with one job a while ago with never-seen keys, first come first: fresh addresses for every request do not go ahead of it (U1)', async () => {
    let now = 0;
    const queue = new HashQueue({ concurrency: 1, perKey: 2, total: 64, halfLifeMs: 10_000, now: () => now });
    const { started, job, finishOne } = harness();
    // The victim signed in once, 20 s ago: its decayed count is 0.25, not 0.
    await queue.run('victim', async () => undefined);
    now += 20_000;
    const all = [queue.run('fresh0', job('fresh0'))];
    for (let i = 1; i <= 10; i += 1) all.push(queue.run(`fresh${i}`, job(`fresh${i}`)));
    all.push(queue.run('victim', job('victim')));
    // More never-seen addresses keep arriving after it.
    for (let i = 11; i <= 40; i += 1) all.push(queue.run(`fresh${i}`, job(`fresh${i}`)));
    while (!started.includes('victim')) await finishOne();
    // Behind the ten that came before it, ahead of the thirty after.
    expect(started.indexOf('victim')).toBe(11);
    while (started.length < 42) await finishOne();
    await finishOne();
    await Promise.all(all);
    // A key busy lately (two jobs or more) still ranks behind them.
    const busy = new HashQueue({ concurrency: 1, perKey: 2, total: 64, halfLifeMs: 10_000, now: () => now });
    const second = harness();
    for (let i = 0; i < 3; i += 1) await busy.run('busy', async () => undefined);
    const more = [busy.run('first', second.job('first')), busy.run('busy', second.job('busy')), busy.run('new', second.job('new'))];
    while (second.started.length < 3) await second.finishOne();
    await second.finishOne();
    await Promise.all(more);
    expect(second.started).toEqual(['first', 'new', 'busy']);
  });

  it('forgets: a key busy a minute ago counts as quiet, and at most `maxTracked` keys are remembered', async () => {
    let now = 0;
    const queue = new HashQueue({ concurrency: 1, perKey: 1, total: 1, halfLifeMs: 10_000, maxTracked: 50, now: () => now });
    for (let i = 0; i < 8; i += 1) await queue.run('busy', async () => undefined);
    expect(queue.recentCount('busy')).toBeCloseTo(8);
    now += 10_000;
    expect(queue.recentCount('busy')).toBeCloseTo(4);
    now += 50_000;
    expect(queue.recentCount('busy')).toBeLessThan(0.2);
    for (let i = 0; i < 500; i += 1) await queue.run(`k${i}`, async () => undefined);
    expect(queue.tracked).toBe(50);
    expect(queue.recentCount('busy')).toBe(0);
    expect(queue.recentCount('k499')).toBeCloseTo(1);
  });

  it('holds a place before the work is ready: refused at once when full, never refused once held, given back unused', async () => {
    const queue = new HashQueue({ concurrency: 1, perKey: 2, total: 3 });
    const { started, job, finishOne } = harness();
    const first = queue.run('x', job('x0'));
    const a = queue.reserve('a');
    const b = queue.reserve('a');
    expect(() => queue.reserve('a')).toThrow(HashQueueFull);
    const c = queue.reserve('b');
    expect(() => queue.reserve('d')).toThrow(HashQueueFull);
    await expect(queue.run('d', job('d'))).rejects.toBeInstanceOf(HashQueueFull);
    b.release();
    b.release();
    const e = queue.reserve('e');
    const runs = [a.run(job('a')), c.run(job('b')), e.run(job('e'))];
    expect(() => a.release()).not.toThrow();
    for (let i = 0; i < 4; i += 1) await finishOne();
    expect(await Promise.all([first, ...runs])).toEqual(['x0', 'a', 'b', 'e']);
    expect(started).toEqual(['x0', 'a', 'b', 'e']);
    expect(queue.load).toEqual({ running: 0, queued: 0 });
    expect(() => queue.reserve('a')).not.toThrow();
  });

  it("serves a quiet key's oldest job first come though the key queued a second one: fresh keys arriving later do not go ahead (U1's 26.7 s)", async () => {
    let now = 0;
    const queue = new HashQueue({ concurrency: 1, perKey: 2, total: 64, halfLifeMs: 10_000, now: () => now });
    const { started, job, finishOne } = harness();
    const done: Array<Promise<unknown>> = [queue.run('busy', job('running'))];
    // An endless stream of fresh keys, one job each; the victim's first job comes after the first 5.
    for (let i = 0; i < 5; i += 1) done.push(queue.run(`fresh-${i}`, job(`f${i}`)));
    done.push(queue.run('victim', job('victim-1')));
    for (let i = 5; i < 10; i += 1) done.push(queue.run(`fresh-${i}`, job(`f${i}`)));
    // Its client asks again 4 s later, the first still waiting: it must not push the first behind every newcomer.
    now += 4_000;
    done.push(queue.run('victim', job('victim-2')));
    for (let i = 10; i < 20; i += 1) done.push(queue.run(`fresh-${i}`, job(`f${i}`)));
    // A hash takes 200 ms.
    for (let i = 0; i < 23; i += 1) {
      now += 200;
      await finishOne();
    }
    // Its first job ranks with the fresh keys, first come: after the 5 before it.
    expect(started.indexOf('victim-1')).toBe(6);
    // Its second (one job started lately, counted whole only while the count is still 1) is first come too:
    // after the 5 fresh keys queued before it, ahead of the 10 after it.
    expect(started.indexOf('victim-2')).toBe(12);
    await Promise.all(done);
  });

  it("does not count a key's own earlier job, started while its next one waited, against that next one: fresh keys arriving all the time do not go ahead of it (U1 live)", async () => {
    let now = 0;
    const queue = new HashQueue({ concurrency: 1, perKey: 2, total: 64, halfLifeMs: 10_000, now: () => now });
    const { started, job, finishOne } = harness();
    // The victim signed in once 5 s ago: a decayed count of 0.71, so it ranks with never-seen keys.
    await queue.run('victim', async () => undefined);
    now += 5_000;
    const done: Array<Promise<unknown>> = [queue.run('busy', job('running'))];
    for (let i = 0; i < 5; i += 1) done.push(queue.run(`fresh-${i}`, job(`f${i}`)));
    // Its client sends two sign-ins (the second while the first still waits), then fresh keys keep coming.
    done.push(queue.run('victim', job('victim-1')));
    done.push(queue.run('victim', job('victim-2')));
    let fresh = 5;
    // A hash takes 200 ms, and a never-seen key arrives every 200 ms, for 60 s.
    for (let i = 0; i < 300; i += 1) {
      now += 200;
      done.push(queue.run(`fresh-${fresh}`, job(`f${fresh}`)));
      fresh += 1;
      await finishOne();
    }
    // victim-1 waits 2 s (`agingMs`) for its own second job, then goes first come; victim-2 right after it:
    // victim-1's start (count 0.71 + 1) is no reason to put victim-2 behind every key that arrived after it.
    // Counting it did: victim-2 started 45th, behind 34 more fresh keys (7 s), and live, where every sign-in
    // waited longer so the count never fell below 1, only once the burst was over.
    expect(started.indexOf('victim-1')).toBe(10);
    expect(started.indexOf('victim-2')).toBe(11);
    while (started.length < fresh + 3) await finishOne();
    await finishOne();
    await Promise.all(done);
  });

  describe('trusted lane (sign-ins with a device cookie for their account)', () => {
    const answer = (p: Promise<unknown>) =>
      p.then(
        (v) => v,
        (e: unknown) => (e instanceof AuthError ? `${e.status} ${e.headers['Retry-After']}` : String(e)),
      );

    it('starts a trusted job at the next free slot, ahead of 60 fresh keys queued before it (U1), and never evicts it', async () => {
      let now = 0;
      const queue = new HashQueue({ concurrency: 2, perKey: 2, total: 60, evict: true, now: () => now, trusted: { perKey: 1, total: 4 } });
      const { started, job, finishOne } = harness();
      // An attacker with a fresh key for every job fills the untrusted lane to its last place.
      const flood = Array.from({ length: 62 }, (_, i) => answer(queue.run(`fresh-${i}`, job(`f${i}`))));
      expect(queue.load).toEqual({ running: 2, queued: 60 });
      expect(await answer(queue.run('victim-address', job('untrusted-victim')))).toBe('429 1');
      now += 100;
      const trusted = answer(queue.run('account:alice', job('trusted-alice'), 'trusted'));
      expect(queue.trustedQueued).toBe(1);
      // More fresh keys arrive at the full untrusted lane: refused (none asks clearly less than another), the trusted job untouched.
      const more = await Promise.all(Array.from({ length: 5 }, (_, i) => answer(queue.run(`later-${i}`, job(`l${i}`)))));
      expect(more).toEqual(Array.from({ length: 5 }, () => '429 1'));
      expect(queue.trustedQueued).toBe(1);
      await finishOne();
      expect(started.slice(2)).toEqual(['trusted-alice']);
      for (let i = 0; i < 63; i += 1) await finishOne();
      expect(await trusted).toBe('trusted-alice');
      expect(await Promise.all(flood)).toEqual(Array.from({ length: 62 }, (_, i) => `f${i}`));
      expect(queue.load).toEqual({ running: 0, queued: 0 });
    });

    it('is bounded on its own: per key and in all, refused at once beyond (a stolen or self-made device cookie cannot flood it)', async () => {
      const queue = new HashQueue({ concurrency: 1, perKey: 4, total: 10, trusted: { perKey: 1, total: 2 } });
      const { started, job, finishOne } = harness();
      const first = answer(queue.run('a', job('running')));
      const alice = answer(queue.run('account:alice', job('alice-1'), 'trusted'));
      expect(await answer(queue.run('account:alice', job('alice-2'), 'trusted'))).toBe('429 1');
      expect(() => queue.reserve('account:alice', 'trusted')).toThrow(HashQueueFull);
      const bob = queue.reserve('account:bob', 'trusted');
      // Two trusted places in all: carol is refused, though the untrusted lane has room.
      expect(await answer(queue.run('account:carol', job('carol'), 'trusted'))).toBe('429 1');
      const untrusted = answer(queue.run('b', job('untrusted-b')));
      const bobDone = answer(bob.run(job('bob')));
      for (let i = 0; i < 4; i += 1) await finishOne();
      expect(started).toEqual(['running', 'alice-1', 'bob', 'untrusted-b']);
      expect(await Promise.all([first, alice, bobDone, untrusted])).toEqual(['running', 'alice-1', 'bob', 'untrusted-b']);
    });

    it('leaves untrusted jobs one slot: trusted jobs of many accounts (an attacker’s own, with their cookies) cannot starve them', async () => {
      const queue = new HashQueue({ concurrency: 2, perKey: 2, total: 10, trusted: { perKey: 2, total: 10 } });
      const { started, job, finishOne } = harness();
      const all = [queue.run('u1', job('u-run1')), queue.run('u2', job('u-run2'))];
      for (let i = 1; i <= 5; i += 1) all.push(queue.run(`account:t${i}`, job(`t${i}`), 'trusted'));
      all.push(queue.run('quiet', job('quiet')));
      for (let i = 0; i < 8; i += 1) await finishOne();
      // A trusted job takes the first free slot; the second goes to the waiting untrusted job, not to t2.
      expect(started).toEqual(['u-run1', 'u-run2', 't1', 'quiet', 't2', 't3', 't4', 't5']);
      await Promise.all(all);
    });

    it('a quiet account takes the trusted place of the busiest account when the trusted lane is full (evict)', async () => {
      let now = 0;
      const queue = new HashQueue({ concurrency: 1, perKey: 2, total: 10, evict: true, now: () => now, trusted: { perKey: 2, total: 2 } });
      const { started, job, finishOne } = harness();
      // 'account:mallory' has signed in three times just now.
      for (let i = 0; i < 3; i += 1) {
        const done = queue.run('account:mallory', job(`m-warm${i}`), 'trusted');
        await finishOne();
        await done;
      }
      now += 500;
      const running = answer(queue.run('x', job('x')));
      const mallory = [0, 1].map((i) => answer(queue.run('account:mallory', job(`m${i}`), 'trusted')));
      const alice = answer(queue.run('account:alice', job('alice'), 'trusted'));
      expect(await mallory[1]).toBe('429 1');
      for (let i = 0; i < 3; i += 1) await finishOne();
      expect(started.slice(3)).toEqual(['x', 'alice', 'm0']);
      expect(await Promise.all([running, alice, mallory[0]])).toEqual(['x', 'alice', 'm0']);
    });

    it('serves trusted keys among themselves by least recent demand, deterministic under a set clock', async () => {
      let now = 0;
      const queue = new HashQueue({
        concurrency: 1,
        perKey: 2,
        total: 10,
        halfLifeMs: 10_000,
        now: () => now,
        trusted: { perKey: 2, total: 8 },
      });
      const { started, job, finishOne } = harness();
      // 'account:mallory' signed in through the trusted lane three times just now; alice never did.
      for (let i = 0; i < 3; i += 1) {
        const done = queue.run('account:mallory', job(`m-warm${i}`), 'trusted');
        await finishOne();
        await done;
      }
      now += 1_000;
      const running = queue.run('x', job('x'));
      const mallory = [0, 1].map((i) => queue.run('account:mallory', job(`m${i}`), 'trusted'));
      const alice = queue.run('account:alice', job('alice'), 'trusted');
      for (let i = 0; i < 4; i += 1) await finishOne();
      expect(started.slice(3)).toEqual(['x', 'alice', 'm0', 'm1']);
      await Promise.all([running, alice, ...mallory]);
    });
  });
});
