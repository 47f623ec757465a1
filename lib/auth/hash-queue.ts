// A fair, bounded queue for slow work (password hashing): a few run at once, and the waiting job whose key
// (client address) has asked least lately goes first. Runtime: any. Busy addresses can't starve a quiet one.
// A second, small lane for trusted jobs (sign-ins with a device cookie for their account) is served before it.
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
  /**
   * For every `agingMs` a key's oldest job has waited (default 2 000), one of the key's own other waiting jobs
   * stops counting against it: a client that asks twice is not pushed behind every new key for good.
   */
  agingMs?: number;
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
  /**
   * The trusted lane's own bounds (default 1 per key, 8 in all): its waiting jobs start before any job of the
   * untrusted lane, and untrusted jobs never take or evict its places. Its keys should be few per person
   * (an account, not an address), so one stolen or self-made device cookie can't fill it.
   */
  trusted?: { perKey: number; total: number };
}

/** Which lane a job waits in: `trusted` is served first, with bounds of its own. */
export type HashLane = 'untrusted' | 'trusted';

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
  /** When it began to wait (the queue's clock, ms). */
  at: number;
  /**
   * Its key's recent count when it began to wait: what the key had started before this job asked. The key's own
   * jobs that start while this one waits were waiting then, and are counted (and aged) as such, not again.
   */
  before: number;
  start: () => void;
  refuse: (error: Error) => void;
}

/** One lane's waiting jobs and held places, and its bounds. */
interface Lane {
  perKey: number;
  total: number;
  /** Its jobs running now. */
  running: number;
  queued: number;
  held: number;
  /** Waiting jobs per key, oldest first. */
  waiting: Map<string, Waiter[]>;
  /** Places held per key (`reserve`), not yet waiting. */
  holds: Map<string, number>;
}

const lane = (perKey: number, total: number): Lane => ({
  perKey,
  total,
  running: 0,
  queued: 0,
  held: 0,
  waiting: new Map(),
  holds: new Map(),
});

export class HashQueue {
  private running = 0;
  private seq = 0;
  private readonly lanes: Record<HashLane, Lane>;
  /** Decaying count of started jobs per key; a Map keeps insertion order, so the first entry is the longest idle. */
  private readonly recent = new Map<string, { count: number; at: number }>();
  private readonly halfLifeMs: number;
  private readonly agingMs: number;
  private readonly maxTracked: number;
  private readonly now: () => number;

  constructor(readonly options: HashQueueOptions) {
    this.halfLifeMs = options.halfLifeMs ?? 10_000;
    this.agingMs = options.agingMs ?? 2_000;
    this.maxTracked = options.maxTracked ?? 10_000;
    this.now = options.now ?? (() => Date.now());
    this.lanes = {
      // Served first, so listed first: `release` takes the first lane with a waiting job.
      trusted: lane(options.trusted?.perKey ?? 1, options.trusted?.total ?? 8),
      untrusted: lane(options.perKey, options.total),
    };
  }

  /** Runs `job` when a slot is free and this key's turn comes; 429 `too_many_attempts` when the queue is full. */
  async run<T>(key: string, job: () => Promise<T>, laneName: HashLane = 'untrusted'): Promise<T> {
    const l = this.lanes[laneName];
    await this.acquire(key, false, l);
    return this.finish(job, l);
  }

  /**
   * Holds a place for `key` now, or throws 429 `too_many_attempts` at once: lets a caller learn that the
   * queue is full before it does anything it would have to undo (a sign-in counts its attempt in between).
   */
  reserve(key: string, laneName: HashLane = 'untrusted'): HashQueueSlot {
    const l = this.lanes[laneName];
    if (this.pending(key, l) >= l.perKey || l.queued + l.held >= l.total) throw busy();
    l.held += 1;
    l.holds.set(key, (l.holds.get(key) ?? 0) + 1);
    let open = true;
    const unhold = () => {
      if (!open) return false;
      open = false;
      l.held -= 1;
      const left = (l.holds.get(key) ?? 1) - 1;
      if (left > 0) l.holds.set(key, left);
      else l.holds.delete(key);
      return true;
    };
    return {
      run: async <T>(job: () => Promise<T>): Promise<T> => {
        if (!unhold()) throw new Error('A held place in the hashing queue runs one job');
        await this.acquire(key, true, l);
        return this.finish(job, l);
      },
      release: () => void unhold(),
    };
  }

  /** Jobs running and waiting now (for tests and measurements). */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.lanes.trusted.queued + this.lanes.untrusted.queued };
  }

  /** Jobs waiting in the trusted lane now (counted in `load.queued` too). */
  get trustedQueued(): number {
    return this.lanes.trusted.queued;
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

  private async finish<T>(job: () => Promise<T>, l: Lane): Promise<T> {
    try {
      return await job();
    } finally {
      this.release(l);
    }
  }

  /**
   * Whether a trusted job may take a free slot: always, unless untrusted jobs wait and trusted ones already hold
   * all slots but one. So the trusted lane goes first, yet can't starve the other: accounts of an attacker's own,
   * each with its device cookie, still leave untrusted sign-ins one slot (of `concurrency`, when more than 1).
   */
  private trustedMayStart(): boolean {
    const { trusted, untrusted } = this.lanes;
    return untrusted.queued === 0 || trusted.running < Math.max(1, this.options.concurrency - 1);
  }

  /** Jobs of `key` waiting or held in lane `l`. */
  private pending(key: string, l: Lane): number {
    return (l.waiting.get(key)?.length ?? 0) + (l.holds.get(key) ?? 0);
  }

  /**
   * What `key` asks of the queue: whole jobs started lately plus jobs waiting or held now. Less goes first.
   * Whole jobs, because the decayed count never reaches 0: one sign-in a while ago must not rank a key
   * behind every address never seen (an attacker with fresh addresses for each request would then go
   * ahead of everyone with any history; fourth outside check U1). A key with at most one job lately
   * counts as new, and among equals the first come goes first.
   */
  private demand(key: string, l: Lane): number {
    return Math.floor(this.recentCount(key)) + this.pending(key, l);
  }

  /**
   * Where a key's oldest waiting job ranks when a slot frees (less first, equal ranks first come): the whole jobs
   * the key had started lately when this job began to wait (decayed since), plus its jobs waiting or held now, these
   * less one for every `agingMs` the oldest has waited, but at least one (itself). Without the aging, a quiet client
   * that asked again while its first sign-in waited (2 pending) ranked behind every never-seen address (1 pending)
   * and was served only once they stopped coming (fourth outside check U1, the 26.7 s wait). Without counting from
   * the job's own start of waiting, the same came back live: each of the client's earlier sign-ins, once started,
   * raised its count to 1 or more again while the next one waited, which then ranked behind every never-seen address
   * until the burst was over (U1 re-run, scripts/u1-fresh.ts). So a waiting job's rank never rises: it falls to 1
   * within (pending - 1) × `agingMs` and the time its count at arrival takes to halve below 1, then it goes first
   * come. What a key had been served before it asked still counts in full, so a busy key stays behind a quiet one.
   */
  private rank(key: string, l: Lane, head: Waiter): number {
    const aged = Math.floor((this.now() - head.at) / this.agingMs);
    const before = head.before * 2 ** (-(this.now() - head.at) / this.halfLifeMs);
    return Math.floor(before) + Math.max(1, this.pending(key, l) - aged);
  }

  private acquire(key: string, placeHeld: boolean, l: Lane): Promise<void> {
    // A free slot goes at once to a job with nobody ahead of it: no trusted job waits, nor (for an untrusted job) any job at all.
    const ahead = l === this.lanes.trusted ? l.queued + (this.trustedMayStart() ? 0 : 1) : this.lanes.trusted.queued + l.queued;
    if (this.running < this.options.concurrency && ahead === 0) {
      this.start(key, l);
      return Promise.resolve();
    }
    if (!placeHeld) {
      if (this.pending(key, l) >= l.perKey) return Promise.reject(busy());
      if (l.queued + l.held >= l.total && !this.evictFor(key, l)) return Promise.reject(busy());
    }
    return new Promise((resolve, reject) => {
      const line = l.waiting.get(key) ?? [];
      line.push({ seq: this.seq++, at: this.now(), before: this.recentCount(key), start: resolve, refuse: reject });
      l.waiting.set(key, line);
      l.queued += 1;
    });
  }

  /** Makes room for `key` by refusing the newest waiting job of the busiest key, if that key asks clearly more. */
  private evictFor(key: string, l: Lane): boolean {
    // Within the newcomer's own lane only: an untrusted job never takes a trusted place, nor a trusted job an untrusted one.
    if (!this.options.evict) return false;
    let busiest: string | undefined;
    let most = -Infinity;
    for (const other of l.waiting.keys()) {
      const d = this.demand(other, l);
      if (d > most) [busiest, most] = [other, d];
    }
    // "Clearly": after the swap the newcomer asks no more than the evicted key, so two keys never evict each other back and forth.
    if (busiest === undefined || busiest === key || this.demand(key, l) + 1 > most - 1) return false;
    const line = l.waiting.get(busiest);
    const evicted = line?.pop();
    if (!line || !evicted) return false;
    if (line.length === 0) l.waiting.delete(busiest);
    l.queued -= 1;
    evicted.refuse(busy());
    return true;
  }

  private release(finished: Lane): void {
    this.running -= 1;
    finished.running -= 1;
    const { trusted, untrusted } = this.lanes;
    const l = trusted.queued > 0 && this.trustedMayStart() ? trusted : untrusted.queued > 0 ? untrusted : trusted;
    let chosen: string | undefined;
    let best: { demand: number; seq: number } | undefined;
    for (const [key, line] of l.waiting) {
      const head = line[0];
      if (!head) continue;
      const d = this.rank(key, l, head);
      if (!best || d < best.demand || (d === best.demand && head.seq < best.seq)) [chosen, best] = [key, { demand: d, seq: head.seq }];
    }
    if (chosen === undefined) return;
    const line = l.waiting.get(chosen) ?? [];
    const next = line.shift();
    if (line.length === 0) l.waiting.delete(chosen);
    l.queued -= 1;
    this.start(chosen, l);
    next?.start();
  }

  /** Takes a slot for `key` and counts the start in its decaying recent count. */
  private start(key: string, l: Lane): void {
    this.running += 1;
    l.running += 1;
    const count = this.recentCount(key) + 1;
    this.recent.delete(key);
    this.recent.set(key, { count, at: this.now() });
    for (const idle of this.recent.keys()) {
      if (this.recent.size <= this.maxTracked) break;
      this.recent.delete(idle);
    }
  }
}
