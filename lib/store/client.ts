// The one store client of the app: `@upstash/redis` against real Upstash or the built-in store.
// Runtime: edge and Node. Every call has a small time budget, so an outage is an answer, not a hang.
import { Redis } from '@upstash/redis';
import { systemClock, type Clock } from '../clock';
import { getConfig } from '../config';
import { storeUnavailable } from '../http/errors';

let client: Redis | undefined;

export function createStoreClient(options: { url: string; token: string; timeoutMs: number }): Redis {
  return new Redis({
    url: options.url,
    token: options.token,
    // One quick retry for a dropped keep-alive connection; the client's default retries for ~4 s.
    retry: { retries: 1, backoff: () => 50 },
    // The function form gives each command its own timer (its retry included, so the budget bounds
    // the whole call); an aborted signal passed as a value would make every later command resolve `null` silently.
    signal: () => AbortSignal.timeout(options.timeoutMs),
    // Values are parsed with zod where they are read, never trusted as the client decodes them.
    automaticDeserialization: false,
    enableTelemetry: false,
    keepAlive: true,
  });
}

/** The process-wide client (one per runtime sandbox: the edge middleware has its own). */
export function getStore(): Redis {
  if (!client) {
    const { store } = getConfig();
    client = createStoreClient(store);
  }
  return client;
}

/**
 * After a call waited out its whole time budget (a hanging store), calls fail at once for this long
 * instead of each waiting again: a request that needs several lookups (key ring, denylist setting,
 * denylist) still gets its 503 within one budget. Short, so one slow answer on a busy machine costs
 * few other requests; a refused call fails fast by itself and changes nothing here.
 */
export const FAIL_FAST_MS = 250;

/** Per client (the edge sandbox and the Node handlers each hold their own): until when to fail fast. */
const failingUntil = new WeakMap<Redis, number>();
/** Clients whose last call failed, so the log says once when the store goes away and once when it is back. */
const failing = new WeakSet<Redis>();

/**
 * The client's own timer ran out: `signal: () => AbortSignal.timeout(...)` rejects with a DOMException,
 * checked by name because the edge sandbox's DOMException is not this realm's Error.
 */
function timedOut(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** A Redis error reply (`ERR ...`, `WRONGTYPE ...`) relayed by the store: the store is fine, the command was not. */
function commandError(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'UpstashError' &&
    /^[A-Z]+ /.test(error.message) &&
    !/^ERR store unavailable/.test(error.message)
  );
}

/** The 503's message when the store was reached but too slow: a client (and a test) can tell it from a refused connection. */
export const STORE_TIMED_OUT = 'The session store did not answer within its time budget (STORE_TIMEOUT_MS); try again shortly.';

function describe(error: unknown): string {
  if (timedOut(error)) return 'no answer within the time budget';
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}

/**
 * Runs store commands and turns any failure (refused, timed out, a Redis error) into
 * 503 `store_unavailable`: a caller never mistakes an outage for "not found". `clock` times the
 * fail-fast window only; each call's own budget is the client's timer.
 */
export async function withStore<T>(fn: (redis: Redis) => Promise<T>, redis: Redis = getStore(), clock: Clock = systemClock): Promise<T> {
  const until = failingUntil.get(redis);
  if (until !== undefined && clock.now() < until)
    throw storeUnavailable(new Error('the store did not answer in time moments ago'), STORE_TIMED_OUT);
  try {
    const result = await fn(redis);
    failingUntil.delete(redis);
    if (failing.delete(redis)) console.error('[authlab] the store answers again');
    return result;
  } catch (error) {
    if (timedOut(error)) failingUntil.set(redis, clock.now() + FAIL_FAST_MS);
    if (!commandError(error)) {
      if (!failing.has(redis)) console.error(`[authlab] the store failed (${describe(error)}); answering 503 store_unavailable`);
      failing.add(redis);
    }
    throw storeUnavailable(error, timedOut(error) ? STORE_TIMED_OUT : undefined);
  }
}
