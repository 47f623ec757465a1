// How many claim measurements one throwaway member may have the server play (POST /api/lab/measure):
// each costs the server several sign-ins, so it is bounded per member, and members are bounded per
// address (THROWAWAY_PER_ADDRESS). Runtime: Node.
import 'server-only';
import type { Redis } from '@upstash/redis';
import { systemClock, type Clock } from '../clock';
import { AuthError } from '../http/errors';
import { MEASURED_CLAIMS } from '../measure/claim-ids';
import { withStore } from '../store/client';

/** Full runs of "Measure on this server" one throwaway member may make in its life. */
export const RUNS_PER_THROWAWAY = 5;
export const MEASUREMENTS_PER_THROWAWAY = RUNS_PER_THROWAWAY * MEASURED_CLAIMS.length;

const budgetKey = (username: string) => `throwaway:measure:${username}`;

/** Counts one measurement for `username` (living until `expiresAt`); 429 `too_many_attempts` past the budget. */
export async function spendMeasurement(
  username: string,
  expiresAt: number,
  options: { clock?: Clock; redis?: Redis; limit?: number } = {},
): Promise<void> {
  const ttl = Math.max(1, expiresAt - (options.clock ?? systemClock).now());
  const [count] = await withStore(async (r) => {
    const tx = r.multi();
    tx.incr(budgetKey(username));
    tx.pexpire(budgetKey(username), ttl, 'NX');
    return (await tx.exec()) as [number, number];
  }, options.redis);
  if (count > (options.limit ?? MEASUREMENTS_PER_THROWAWAY)) {
    const retryAfter = Math.max(1, Math.ceil(ttl / 1000));
    throw new AuthError(
      'too_many_attempts',
      `This throwaway member has made its ${RUNS_PER_THROWAWAY} runs of measurements; make a new one (POST /api/lab/throwaway) or wait ${retryAfter} s.`,
      { headers: { 'Retry-After': String(retryAfter) } },
    );
  }
}
