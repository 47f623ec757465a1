// A fair, bounded queue for slow work (password hashing): a few run at once, waiting jobs are served
// round-robin by key (client address). Runtime: any. A burst from one address can't starve another.
import { AuthError } from '../http/errors';

export interface HashQueueOptions {
  /** Jobs that run at once. */
  concurrency: number;
  /** Jobs one key may have waiting; more are refused at once. */
  perKey: number;
  /** Jobs waiting in all; more are refused at once. */
  total: number;
}

/** The queue was full: nothing ran, so a caller that counted the attempt first gives it back. */
export class HashQueueFull extends AuthError {
  constructor() {
    super('too_many_attempts', 'The server is checking too many passwords right now; try again in 1 s.', {
      headers: { 'Retry-After': '1' },
    });
  }
}

const busy = () => new HashQueueFull();

export class HashQueue {
  private running = 0;
  private queued = 0;
  /** Waiting jobs per key; a Map keeps insertion order, so re-inserting a served key sends it to the back. */
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(readonly options: HashQueueOptions) {}

  /** Runs `job` when a slot is free and this key's turn comes; 429 `too_many_attempts` when the queue is full. */
  async run<T>(key: string, job: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  /** Jobs running and waiting now (for tests and measurements). */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.queued };
  }

  private acquire(key: string): Promise<void> {
    if (this.running < this.options.concurrency && this.queued === 0) {
      this.running += 1;
      return Promise.resolve();
    }
    const line = this.waiting.get(key) ?? [];
    if (line.length >= this.options.perKey || this.queued >= this.options.total) return Promise.reject(busy());
    return new Promise((resolve) => {
      line.push(resolve);
      this.waiting.set(key, line);
      this.queued += 1;
    });
  }

  private release(): void {
    this.running -= 1;
    const first = this.waiting.entries().next();
    if (first.done) return;
    const [key, line] = first.value;
    const start = line.shift();
    this.waiting.delete(key);
    if (line.length > 0) this.waiting.set(key, line);
    this.queued -= 1;
    this.running += 1;
    start?.();
  }
}
