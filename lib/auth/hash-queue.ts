// A fair, bounded queue for slow work (password hashing): a few run at once, and the waiting job whose key
// (client address) has asked least lately goes first. Runtime: any. Busy addresses can't starve a quiet one.
import { AuthError } from '../http/errors';

export interface HashQueueOptions {
  /** Jobs that run at once. */
  concurrency: number;
  /** Jobs one key may have waiting (places held included); more are refused at once. */
  perKey: number;
  /** Jobs waiting in all (places held included); more are refused at once, unless `evict` makes room. */
  total: number;
  /**
   * Half-life of a key's count of recently started jobs, in ms (default 10 000): what "lately" means.
   * A key that has started nothing for a minute counts as quiet again.
   */
  halfLifeMs?: number;
  /** Keys whose recent count is remembered (default 10 000); beyond that the longest-idle are forgotten, so memory stays bounded. */
  maxTracked?: number;
  /**
   * When the queue is full, a newcomer whose key asks clearly less than the busiest waiting key evicts that
   * key's newest waiting job (which gets the 429 instead) rather than being refused. Only for queues whose
   * waiting jobs have done nothing yet (nothing counted, nothing to give back).
   */
  evict?: boolean;
  /** The clock, ms (default `Date.now`); tests set time instead of waiting for it. */
  now?: () => number;
}

/** The queue was full: nothing ran, so a caller that counted the attempt first gives it back. */
export class HashQueueFull extends AuthError {
  constructor() {
    super('too_many_attempts', 'The server is checking too many passwords right now; try again in 1 s.', {
      headers: { 'Retry-After': '1' },
    });
  }
}

/** A place in the queue held before the work is ready: `run` never refuses it; `release` gives it up unused. */
export interface HashQueueSlot {
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Gives the place back if `run` was never called; does nothing otherwise (safe to call in `finally`). */
  release(): void;
}

const busy = () => new HashQueueFull();

interface Waiter {
  seq: number;
  start: () => void;
  refuse: (error: Error) => void;
}

export class HashQueue {
  private running = 0;
  private queued = 0;
  private held = 0;
  private seq = 0;
  /** Waiting jobs per key, oldest first. */
  private readonly waiting = new Map<string, Waiter[]>();
  /** Places held per key (`reserve`), not yet waiting. */
  private readonly holds = new Map<string, number>();
  /** Decaying count of started jobs per key; a Map keeps insertion order, so the first entry is the longest idle. */
  private readonly recent = new Map<string, { count: number; at: number }>();
  private readonly halfLifeMs: number;
  private readonly maxTracked: number;
  private readonly now: () => number;

  constructor(readonly options: HashQueueOptions) {
    this.halfLifeMs = options.halfLifeMs ?? 10_000;
    this.maxTracked = options.maxTracked ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Runs `job` when a slot is free and this key's turn comes; 429 `too_many_attempts` when the queue is full. */
  async run<T>(key: string, job: () => Promise<T>): Promise<T> {
    await this.acquire(key, false);
    return this.finish(job);
  }

  /**
   * Holds a place for `key` now, or throws 429 `too_many_attempts` at once: lets a caller learn that the
   * queue is full before it does anything it would have to undo (a sign-in counts its attempt in between).
   */
  reserve(key: string): HashQueueSlot {
    if (this.pending(key) >= this.options.perKey || this.queued + this.held >= this.options.total) throw busy();
    this.held += 1;
    this.holds.set(key, (this.holds.get(key) ?? 0) + 1);
    let open = true;
    const unhold = () => {
      if (!open) return false;
      open = false;
      this.held -= 1;
      const left = (this.holds.get(key) ?? 1) - 1;
      if (left > 0) this.holds.set(key, left);
      else this.holds.delete(key);
      return true;
    };
    return {
      run: async <T>(job: () => Promise<T>): Promise<T> => {
        if (!unhold()) throw new Error('A held place in the hashing queue runs one job');
        await this.acquire(key, true);
        return this.finish(job);
      },
      release: () => void unhold(),
    };
  }

  /** Jobs running and waiting now (for tests and measurements). */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.queued };
  }

  /** Keys whose recent count is remembered (bounded by `maxTracked`). */
  get tracked(): number {
    return this.recent.size;
  }

  /** How many jobs `key` has started lately, decayed with `halfLifeMs` (0 for a key never seen or forgotten). */
  recentCount(key: string): number {
    const entry = this.recent.get(key);
    if (!entry) return 0;
    return entry.count * 2 ** (-(this.now() - entry.at) / this.halfLifeMs);
  }

  private async finish<T>(job: () => Promise<T>): Promise<T> {
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  /** Jobs of `key` waiting or held. */
  private pending(key: string): number {
    return (this.waiting.get(key)?.length ?? 0) + (this.holds.get(key) ?? 0);
  }

  /**
   * What `key` asks of the queue: whole jobs started lately plus jobs waiting or held now. Less goes first.
   * Whole jobs, because the decayed count never reaches 0: one sign-in a while ago must not rank a key
   * behind every address never seen (an attacker with fresh addresses for each request would then go
   * ahead of everyone with any history; fourth outside check U1). A key with at most one job lately
   * counts as new, and among equals the first come goes first.
   */
  private demand(key: string): number {
    return Math.floor(this.recentCount(key)) + this.pending(key);
  }

  private acquire(key: string, placeHeld: boolean): Promise<void> {
    if (this.running < this.options.concurrency && this.queued === 0) {
      this.start(key);
      return Promise.resolve();
    }
    if (!placeHeld) {
      if (this.pending(key) >= this.options.perKey) return Promise.reject(busy());
      if (this.queued + this.held >= this.options.total && !this.evictFor(key)) return Promise.reject(busy());
    }
    return new Promise((resolve, reject) => {
      const line = this.waiting.get(key) ?? [];
      line.push({ seq: this.seq++, start: resolve, refuse: reject });
      this.waiting.set(key, line);
      this.queued += 1;
    });
  }

  /** Makes room for `key` by refusing the newest waiting job of the busiest key, if that key asks clearly more. */
  private evictFor(key: string): boolean {
    if (!this.options.evict) return false;
    let busiest: string | undefined;
    let most = -Infinity;
    for (const other of this.waiting.keys()) {
      const d = this.demand(other);
      if (d > most) [busiest, most] = [other, d];
    }
    // "Clearly": after the swap the newcomer asks no more than the evicted key, so two keys never evict each other back and forth.
    if (busiest === undefined || busiest === key || this.demand(key) + 1 > most - 1) return false;
    const line = this.waiting.get(busiest);
    const evicted = line?.pop();
    if (!line || !evicted) return false;
    if (line.length === 0) this.waiting.delete(busiest);
    this.queued -= 1;
    evicted.refuse(busy());
    return true;
  }

  private release(): void {
    this.running -= 1;
    let chosen: string | undefined;
    let best: { demand: number; seq: number } | undefined;
    for (const [key, line] of this.waiting) {
      const head = line[0];
      if (!head) continue;
      const d = this.demand(key);
      if (!best || d < best.demand || (d === best.demand && head.seq < best.seq)) [chosen, best] = [key, { demand: d, seq: head.seq }];
    }
    if (chosen === undefined) return;
    const line = this.waiting.get(chosen) ?? [];
    const next = line.shift();
    if (line.length === 0) this.waiting.delete(chosen);
    this.queued -= 1;
    this.start(chosen);
    next?.start();
  }

  /** Takes a slot for `key` and counts the start in its decaying recent count. */
  private start(key: string): void {
    this.running += 1;
    const count = this.recentCount(key) + 1;
    this.recent.delete(key);
    this.recent.set(key, { count, at: this.now() });
    for (const idle of this.recent.keys()) {
      if (this.recent.size <= this.maxTracked) break;
      this.recent.delete(idle);
    }
  }
}
