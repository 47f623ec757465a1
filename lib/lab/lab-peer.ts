// Whom the lab's own requests play for: the server signs a visitor's throwaway in over loopback HTTP, and
// each visitor's runs must be queued and throttled as that visitor, not all together as 127.0.0.1. Runtime: Node.
import 'server-only';
import { AuthError } from '../http/errors';

/**
 * The per-process secret the launcher's preload (scripts/peer-address.cjs) made at start. A request to
 * this server carrying it, from loopback, is stamped with the address it names instead of 127.0.0.1;
 * the preload removes both headers from every request, so a handler never sees them and a client that
 * doesn't hold the key can't name an address. Absent (no preload: `next dev` without the launcher, unit
 * tests), the lab's requests stay loopback's, as before.
 */
const KEY = Symbol.for('authlab.labPeerKey');
export const LAB_FOR_HEADER = 'x-authlab-lab-for';
export const LAB_KEY_HEADER = 'x-authlab-lab-key';

function processKey(): string | undefined {
  const key = (globalThis as Record<symbol, unknown>)[KEY];
  return typeof key === 'string' ? key : undefined;
}

/** The hashing queue's "try again in 1 s" (lib/auth/hash-queue.ts): worth one wait; a throttle's minutes are not. */
const BUSY_RETRY_MAX_SECONDS = 2;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A fetch for the lab's requests to this server on behalf of the visitor at `address` (as
 * `clientAddress` gives it). A 429 whose `Retry-After` is at most 2 s (the hashing queue was full for a
 * moment) is waited out and sent once more, so a busy second doesn't end a visitor's run.
 */
export function labFetch(address: string, base: typeof fetch = fetch): typeof fetch {
  return async (input, init = {}) => {
    const key = processKey();
    const headers = new Headers(init.headers);
    if (key) {
      headers.set(LAB_FOR_HEADER, address);
      headers.set(LAB_KEY_HEADER, key);
    }
    const send = () => base(input, { ...init, headers });
    const first = await send();
    const retryAfter = Number(first.headers.get('retry-after'));
    if (first.status !== 429 || !(retryAfter > 0 && retryAfter <= BUSY_RETRY_MAX_SECONDS)) return first;
    await first.body?.cancel();
    await wait(retryAfter * 1000);
    return send();
  };
}

/**
 * Lab runs (a measurement, a server-played attack) one client address may have going at once in this
 * process. Four, because each run signs in one credential at a time and the hashing queue keeps four
 * waiting per address (`passwordHashing` in lib/auth/scrypt.ts): an address's own runs then never
 * overflow its lane there, and beyond four it gets a clear 429 before anything starts.
 */
export const LAB_RUNS_PER_ADDRESS = 4;
/** What the 429 tells the caller to wait: a measurement or an attack takes a few seconds. */
export const LAB_RUN_RETRY_SECONDS = 5;

export class LabRuns {
  private readonly running = new Map<string, number>();
  constructor(
    readonly perAddress = LAB_RUNS_PER_ADDRESS,
    /** A run's slot is given back after this long whatever happened to it (the longest run takes well under a minute). */
    readonly maxRunMs = 120_000,
  ) {}

  /** Takes a slot for `address`, or throws 429 `too_many_attempts` with `Retry-After`; call the returned release once. */
  enter(address: string): () => void {
    const now = this.running.get(address) ?? 0;
    if (now >= this.perAddress) {
      throw new AuthError(
        'too_many_attempts',
        `You already have ${this.perAddress} lab runs going from your address; try again in ${LAB_RUN_RETRY_SECONDS} s, when one has finished.`,
        { headers: { 'Retry-After': String(LAB_RUN_RETRY_SECONDS) } },
      );
    }
    this.running.set(address, now + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      const left = (this.running.get(address) ?? 1) - 1;
      if (left > 0) this.running.set(address, left);
      else this.running.delete(address);
    };
    // A stream nobody reads or cancels must not hold the slot for ever.
    const timer = setTimeout(release, this.maxRunMs);
    timer.unref?.();
    return release;
  }

  /** Runs going for `address` now (for tests). */
  count(address: string): number {
    return this.running.get(address) ?? 0;
  }
}

/** The one count for the whole process: measurements and attacks share it. */
export const labRuns = new LabRuns();
