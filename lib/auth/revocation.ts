// The user-level revocation cut-off: "sign out everywhere" is one write that every check reads.
// Runtime: edge and Node. Any credential of the user issued at or before the cut-off is refused, in every mode.
import type { Redis } from '@upstash/redis';
import { withStore } from '../store/client';

/**
 * The store key of a user's cut-off: ms since the epoch, as a decimal string. One key for every
 * mode and transport, so sessions, refresh families, access and internal tokens are cut off by the
 * same write, at the same instant, and a check can read it in the round trip it already makes.
 */
export const cutoffKey = (userId: string) => `user:${userId}:revoked-before`;

/** The cut-off as the store holds it, or undefined for none (anything unreadable counts as none: only we write it). */
export function parseCutoff(raw: string | number | null | undefined): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * Whether a credential issued at `issuedAtMs` falls under the cut-off. Pass the earliest instant
 * it can have been issued: a JWT's `iat` has whole seconds, so `iat * 1000`, and a token from the
 * same second as the cut-off is refused (erring on the safe side: its holder signs in again).
 */
export function isCutOff(issuedAtMs: number, cutoff: number | undefined): boolean {
  return cutoff !== undefined && issuedAtMs <= cutoff;
}

/** The user's cut-off as the store holds it now (one GET), for the checks that can't read it in a round trip they already make. */
export async function readCutoff(userId: string, redis?: Redis): Promise<number | undefined> {
  return parseCutoff(await withStore((r) => r.get<string>(cutoffKey(userId)), redis));
}

/**
 * A JWT's `iat` has whole seconds, so one minted in the same second as the user's cut-off would be
 * refused on arrival (see `isCutOff`). Sign-in after "sign out everywhere" therefore waits, if it
 * must, for the next whole second before signing: at most a second, and only in that second.
 * `cutoff` as `parseCutoff` reads it; `sleep` injectable for tests.
 */
export async function pastCutoffSecond(
  cutoff: number | undefined,
  now: () => number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  if (cutoff === undefined) return;
  const nextSecond = (Math.floor(cutoff / 1000) + 1) * 1000;
  const wait = nextSecond - now();
  if (wait > 0 && wait <= 1000) await sleep(wait);
}
