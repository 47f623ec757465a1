// Sign out everywhere: one user-level cut-off first (device cookies too), then every session and refresh family ended in batches.
// Runtime: Node (route handlers). Idempotent and resumable: a retry finishes what a failed attempt began.
import type { Redis } from '@upstash/redis';
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import { withStore } from '../store/client';
import { DEVICE_COOKIE_TTL } from './device-cookie';
import { DEMO_LIFETIMES, FAST_LIFETIMES } from './lifetimes';
import { untrustDevices } from './rate-limit';
import { revokeAllFamilies } from './refresh';
import { cutoffKey, parseCutoff } from './revocation';
import { EXPLAIN_WINDOW_SECONDS, revokeAllSessions } from './session';
import { throwawayUsername } from './throwaway-users';
import { findUserById } from './users';

/** The cut-off outlives its keys by this much, so clock tolerance can't bring a credential back. */
const MARGIN_SECONDS = 60;

/**
 * How long the cut-off must stay: longer than any credential issued before it can live or be used
 * (a session's absolute lifetime, a refresh token's, an access or internal token's), whichever
 * lifetimes its sign-in chose.
 */
export function cutoffTtlSeconds(config: Config): number {
  const all = [config, DEMO_LIFETIMES, FAST_LIFETIMES];
  return (
    Math.max(
      ...all.map((l) => ('sessionAbsoluteTtl' in l ? l.sessionAbsoluteTtl + EXPLAIN_WINDOW_SECONDS : 0)),
      ...all.map((l) => l.refreshTokenTtl),
      ...all.map((l) => l.accessTokenTtl),
      config.hybridTokenTtl,
    ) + MARGIN_SECONDS
  );
}

export interface SignOutEverywhereResult {
  cutoff: number;
  sessions: number;
  families: number;
}

/**
 * Ends every credential of the user in every mode. The cut-off is written FIRST: from that instant
 * no session, refresh family, access token or internal token issued at or before it is accepted
 * (access and internal tokens while the denylist is on), even while the deletion below still runs.
 * The deletion then ends sessions and families a bounded batch per round trip; if it fails half-way
 * the user is already safe, and calling again finishes it.
 */
export async function signOutEverywhere(
  userId: string,
  config: Config,
  options: { clock?: Clock; redis?: Redis } = {},
): Promise<SignOutEverywhereResult> {
  const clock = options.clock ?? systemClock;
  // The cut-off only moves forward: SET … GET tells what was there, and a later instant written by a
  // sign-out racing this one is put back (at most a few rounds: each round's value is larger).
  const write = async (at: number): Promise<number> => {
    let value = at;
    for (let round = 0; round < 8; round += 1) {
      const previous = parseCutoff(
        await withStore(
          (r) => r.set<string>(cutoffKey(userId), String(value), { px: cutoffTtlSeconds(config) * 1000, get: true }),
          options.redis,
        ),
      );
      if (previous === undefined || previous <= value) return value;
      value = previous;
    }
    return value;
  };
  let cutoff = await write(clock.now());
  // The cut-off is an instant read before its write landed. A token signed in between (a hybrid exchange
  // whose read after signing came before the write) has a whole-second iat that can fall after that
  // instant when the write crossed a second boundary; written again as the instant it has surely landed
  // by, it covers every such token (second outside check N1, lib/auth/exchange-race.test.ts).
  const landed = clock.now();
  if (Math.floor(landed / 1000) > Math.floor(cutoff / 1000)) cutoff = await write(Math.max(cutoff, landed));
  // The browser's device cookies go too: none issued until now gets the trusted sign-in lane again.
  const username = findUserById(userId)?.username ?? throwawayUsername(userId);
  if (username !== undefined) await untrustDevices(username, Math.floor(cutoff / 1000), DEVICE_COOKIE_TTL, options.redis);
  const common = { clock, before: cutoff, ...(options.redis ? { redis: options.redis } : {}) };
  const sessions = await revokeAllSessions(userId, common);
  const families = await revokeAllFamilies(userId, common);
  return { cutoff, sessions, families };
}
