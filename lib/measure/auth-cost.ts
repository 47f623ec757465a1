// What one response says its authentication cost: the `auth` metric of its Server-Timing header,
// the parts, and how many store round trips it took. Runtime: browser and Node (Measure page, bench).
import { parseServerTiming } from './server-timing';

export type CostMode = 'session' | 'jwt' | 'jwt+denylist' | 'internal';

export interface AuthCost {
  /** From the `auth` metric's desc: what was checked. */
  mode: CostMode;
  /** The JWT algorithm, in JWT modes. */
  alg: string | undefined;
  desc: string;
  /** The whole check, in ms. */
  totalMs: number;
  /** Each measured step, in ms, as the server split it (`unseal`, `store`, `verify`, `denylist`). */
  parts: Partial<Record<'unseal' | 'store' | 'verify' | 'denylist', number>>;
  /** Whether the cookie's unsealing was served from this server process's memory. */
  unsealCached: boolean;
  /** Store round trips the check made, counted from the parts' descs ("1 round trip", "2 round trips ..."). */
  roundTrips: number;
}

const PART_NAMES = ['unseal', 'store', 'verify', 'denylist'] as const;

/** "1 round trip" → 1, "2 round trips (lastSeenAt written separately)" → 2, anything else → 0. */
export function roundTripsIn(desc: string | undefined): number {
  const match = /^(\d+) round trips?\b/.exec(desc ?? '');
  return match ? Number(match[1]) : 0;
}

function modeOf(described: string): { mode: CostMode; alg: string | undefined } | undefined {
  // The transport a credential travelled in ("jwt ES256 (cookie: whole token)") does not change what it cost to check.
  const desc = described.replace(/ \((?:cookie|header|both): [^)]*\)/, '');
  if (desc === 'session lookup') return { mode: 'session', alg: undefined };
  const jwt = /^jwt (\S+)( \+ denylist)?$/.exec(desc);
  if (jwt) return { mode: jwt[2] ? 'jwt+denylist' : 'jwt', alg: jwt[1] };
  const internal = /^internal jwt (\S+)$/.exec(desc);
  if (internal) return { mode: 'internal', alg: internal[1] };
  return undefined;
}

/** The cost a `Server-Timing` header reports, or `undefined` when it has no readable `auth` metric. */
export function authCostOf(header: string | null | undefined): AuthCost | undefined {
  const metrics = parseServerTiming(header);
  const auth = metrics.find((m) => m.name === 'auth');
  if (!auth || auth.dur === undefined || !auth.desc) return undefined;
  const kind = modeOf(auth.desc);
  if (!kind) return undefined;
  const parts: AuthCost['parts'] = {};
  let roundTrips = 0;
  let unsealCached = false;
  for (const m of metrics) {
    const name = PART_NAMES.find((p) => p === m.name);
    if (!name || m.dur === undefined) continue;
    parts[name] = m.dur;
    roundTrips += roundTripsIn(m.desc);
    if (name === 'unseal' && m.desc === 'cached') unsealCached = true;
  }
  return { ...kind, desc: auth.desc, totalMs: auth.dur, parts, unsealCached, roundTrips };
}
