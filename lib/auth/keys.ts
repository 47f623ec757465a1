// The key ring: the key that signs, the keys that still verify (by kid), rotation, and the JWKS.
// Runtime: edge and Node. Shared through the store with private parts sealed; each process imports it once and re-reads rarely.
import type { Redis } from '@upstash/redis';
import { decodeProtectedHeader, type JWK } from 'jose';
import { z } from 'zod';
import { iso, systemClock, type Clock } from '../clock';
import { ConfigError, JWT_ALGORITHMS, type Config, type JwtAlgorithm } from '../config';
import { AuthError, storeUnavailable } from '../http/errors';
import { withStore } from '../store/client';
import { CLOCK_TOLERANCE, MAX_TOKEN_LENGTH } from './jwt-profile';
import { KeyMaterialError, generateKey, importPrivateJwk, secretJwk, type KeyEntry, type KeyRing } from './key-material';
import { sealJwk, unsealJwk } from './key-seal';
import { NodeCopy, nodeCopyStore, type NodeCopyStore } from './node-copy';
import { longestAccessTokenTtl } from './lifetimes';

export { generatePrivateJwk, publicPart, type KeyEntry, type KeyRing } from './key-material';

/** A process re-reads the ring at least this often, so retirements and other instances' rotations reach it. */
export const REFRESH_MS = 5_000;
/** A token naming a kid this process has not seen triggers a re-read, at most once per this interval. */
export const UNKNOWN_KID_MS = 1_000;
/** Keys in their overlap at once: rotating in a loop must not grow what every process imports. */
export const MAX_LIVE_KEYS = 8;
/** How long a rotation holds its version; anything slower than this has long timed out. */
const CLAIM_MS = 60_000;

type SeedConfig = Pick<Config, 'jwtAlg' | 'jwtSecret' | 'jwtKeys'>;

function parseJwkSet(raw: string): JWK[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('JWT_KEYS is not valid JSON (expected a JWK set: {"keys":[...]})');
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new ConfigError('JWT_KEYS must be a JWK set: {"keys":[...]}');
  return keys as JWK[];
}

/** The private keys the configuration names for JWT_ALG: JWT_SECRET for HS256, else JWT_KEYS' keys of that alg, first one current. */
async function configuredJwks(config: SeedConfig): Promise<JWK[]> {
  if (config.jwtAlg === 'HS256') return config.jwtSecret ? [await secretJwk(new TextEncoder().encode(config.jwtSecret))] : [];
  const ofAlg = config.jwtKeys ? parseJwkSet(config.jwtKeys).filter((jwk) => jwk.alg === config.jwtAlg) : [];
  return ofAlg.filter((jwk, i) => ofAlg.findIndex((other) => other.kid === jwk.kid) === i);
}

/**
 * The ring that the configuration alone describes (keys of JWT_ALG only: switching JWT_ALG retires
 * the others' tokens). It seeds the shared ring, and stands in while the store is unreachable.
 */
export async function buildKeyRing(config: SeedConfig): Promise<KeyRing> {
  const entries: KeyEntry[] = [];
  for (const jwk of await configuredJwks(config)) {
    try {
      entries.push(await importPrivateJwk(jwk, { source: 'config' }));
    } catch (error) {
      if (!(error instanceof KeyMaterialError)) throw error;
      throw new ConfigError(`${config.jwtAlg === 'HS256' ? 'JWT_SECRET' : 'JWT_KEYS'}: ${error.message}`);
    }
  }
  const current = entries[0];
  if (!current) throw new ConfigError(`No key for JWT_ALG=${config.jwtAlg} was configured`);
  return { current, byKid: new Map(entries.map((e) => [e.kid, e])) };
}

// ---- The ring in the store ----------------------------------------------------------------------

const StoredKey = z.object({
  kid: z.string().min(1).max(64),
  alg: z.enum(JWT_ALGORITHMS),
  source: z.enum(['config', 'rotation']),
  createdAt: z.number(),
  retiresAt: z.number().nullable(),
  /** The private JWK, sealed (see key-seal.ts); the public part is derived from it, never trusted from the store. */
  sealed: z.string().min(1).max(8192),
});
const StoredRing = z.object({
  format: z.literal(1),
  /** Bumped by every write, so a process re-imports keys only when the ring really changed. */
  version: z.number().int().min(1),
  current: z.string(),
  keys: z.array(StoredKey).min(1).max(64),
});
type StoredRing = z.infer<typeof StoredRing>;

/** The node's copy of the last ring read from the store, and when the store last confirmed it. */
const RingSnapshot = z.object({ format: z.literal(1), savedAt: z.number(), ring: StoredRing });
type RingSnapshot = z.infer<typeof RingSnapshot>;

function parseRingCopy(json: unknown, config: Config): RingSnapshot {
  const copy = RingSnapshot.parse(json);
  if (copy.ring.keys.some((k) => k.alg !== config.jwtAlg)) throw new KeyRingError(`the copy is not a ${config.jwtAlg} ring`);
  return copy;
}

/** One ring per algorithm, like the configuration: switching JWT_ALG never mixes algorithms in one ring. */
export const ringKey = (alg: JwtAlgorithm) => `jwt:keyring:${alg}`;
const claimKey = (alg: JwtAlgorithm, version: number) => `jwt:keyring:${alg}:claim:${version}`;
/** What a key is sealed together with: its alg and kid, so its sealed material can't be moved to another entry. */
export const sealBinding = (alg: JwtAlgorithm, kid: string) => `authlab jwt key ${alg} ${kid}`;

class KeyRingError extends Error {
  override readonly name = 'KeyRingError';
}

async function readStored(alg: JwtAlgorithm, redis: Redis | undefined): Promise<StoredRing | undefined> {
  const raw = await withStore((r) => r.get<string>(ringKey(alg)), redis);
  if (raw === null || raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = StoredRing.safeParse(json);
  // Never overwritten: it may be a newer format, and replacing it would sign everyone out.
  if (!parsed.success) throw new KeyRingError(`the key ring in the store (${ringKey(alg)}) is damaged`);
  return parsed.data;
}

/** Puts the configured keys into the store unless a ring is already there; either way, returns the ring that is. */
async function seedStored(config: Config, now: number, redis: Redis | undefined): Promise<StoredRing> {
  await buildKeyRing(config); // Refuses bad configured keys before they are shared.
  const jwks = await configuredJwks(config);
  const keys = await Promise.all(
    jwks.map(async (jwk) => ({
      kid: jwk.kid as string,
      alg: config.jwtAlg,
      source: 'config' as const,
      createdAt: now,
      retiresAt: null,
      sealed: await sealJwk(jwk, sealBinding(config.jwtAlg, jwk.kid as string), config.sessionPassword),
    })),
  );
  const ring: StoredRing = { format: 1, version: 1, current: jwks[0]?.kid as string, keys };
  const created = await withStore((r) => r.set(ringKey(config.jwtAlg), JSON.stringify(ring), { nx: true }), redis);
  if (created !== null) return ring;
  // Another process seeded first: everyone uses the ring that is there.
  const existing = await readStored(config.jwtAlg, redis);
  if (!existing) throw new KeyRingError('the key ring vanished while it was being seeded');
  return existing;
}

/** Unseals and imports the live keys of a stored ring, reusing keys this process imported before. */
async function openRing(
  stored: StoredRing,
  config: Config,
  now: number,
  known: ReadonlyMap<string, KeyEntry> | undefined,
): Promise<KeyRing> {
  const live = stored.keys.filter((k) => k.alg === config.jwtAlg && (k.retiresAt === null || k.retiresAt > now));
  const opened = await Promise.all(
    live.map(async (k): Promise<KeyEntry | undefined> => {
      const meta = { source: k.source, createdAt: k.createdAt, ...(k.retiresAt === null ? {} : { retiresAt: k.retiresAt }) };
      const reused = known?.get(k.kid);
      if (reused && reused.alg === k.alg)
        return {
          kid: reused.kid,
          alg: reused.alg,
          signKey: reused.signKey,
          verifyKey: reused.verifyKey,
          publicJwk: reused.publicJwk,
          ...meta,
        };
      try {
        const jwk = await unsealJwk(k.sealed, sealBinding(k.alg, k.kid), config.sessionPassword);
        if (jwk.kid !== k.kid || jwk.alg !== k.alg) throw new KeyRingError(`the sealed key is not ${k.kid}`);
        return await importPrivateJwk(jwk, meta);
      } catch (error) {
        console.error(`[authlab] key ${k.kid} of the key ring cannot be opened; it is left out`, error);
        return undefined;
      }
    }),
  );
  const byKid = new Map(opened.flatMap((e) => (e ? [[e.kid, e] as const] : [])));
  const current = byKid.get(stored.current);
  if (!current) {
    throw new KeyRingError(`the current key ${stored.current} cannot be opened (was the ring sealed with another SESSION_PASSWORD?)`);
  }
  return { current, byKid };
}

/** The same ring without the keys whose time is up; no import, no store read. */
function withoutRetired(ring: KeyRing, now: number): KeyRing {
  const entries = [...ring.byKid.values()];
  if (entries.every((e) => e.retiresAt === undefined || e.retiresAt > now)) return ring;
  return {
    current: ring.current,
    byKid: new Map(entries.filter((e) => e.retiresAt === undefined || e.retiresAt > now).map((e) => [e.kid, e])),
  };
}

/**
 * How long a replaced key keeps verifying after a rotation: the longest life of a token it may have
 * signed (any sign-in's lifetimes, the hybrid token's too) plus the clock tolerance, plus the time
 * another process may still sign with it before its next read of the ring.
 */
export function retirementDelayMs(config: Config): number {
  const longest = Math.max(longestAccessTokenTtl(config), config.hybridTokenTtl);
  return (longest + CLOCK_TOLERANCE) * 1000 + REFRESH_MS;
}

interface Cached {
  ring: KeyRing;
  /** The stored version it was opened from; undefined while standing in with the configured keys. */
  version: number | undefined;
  nextReadAt: number;
  /** The last read failed (store down): the next ones run in the background, off the request path. */
  failing: boolean;
  /** The stored ring this view comes from (read by this process, or the node's copy); undefined: configured keys only. */
  stored?: StoredRing;
  /** When the store last confirmed `stored` (ms): this process's read, or the copy's `savedAt`. */
  confirmedAt?: number;
}

/** A kid this process can't look up because the ring can't be read: 503, never a 401 that signs anyone out. */
const kidUnreadable = (kid: string) => storeUnavailable(new Error(`the key ring could not be read to look up key ${kid}`));

/** Whether the ring this process last saw lists `kid` as retired by `now`: its tokens are refused, store or not. */
const seenRetired = (state: Cached, kid: string, now: number) =>
  state.stored?.keys.some((k) => k.kid === kid && k.retiresAt !== null && k.retiresAt <= now) ?? false;

/**
 * One process's view of the shared ring. It reads the store on first use, then only every
 * `REFRESH_MS` (in the background, unless the ring is over two periods old), or when a token names
 * an unknown kid (at most once per `UNKNOWN_KID_MS`): never per request. Keys are imported once and
 * reused across reads. Tests make several to act as several processes.
 *
 * While the store can't be read it answers with the newest ring it knows: its own last read or the
 * node's sealed copy (node-copy.ts), else the configured keys. A key only the store knows is
 * trusted for `JWT_RING_MAX_AGE` after the store last confirmed it; after that, configured keys only.
 */
export class KeyRingCache {
  private state: Cached | undefined;
  private inflight: Promise<Cached> | undefined;
  private lastUnknownReadAt = Number.NEGATIVE_INFINITY;
  private configuredKids: ReadonlySet<string> = new Set();
  /** The node's copy: newest by version, then by when the store confirmed it. */
  private readonly copy = new NodeCopy<RingSnapshot>(
    'key-ring',
    parseRingCopy,
    (a, b) => a.ring.version > b.ring.version || (a.ring.version === b.ring.version && a.savedAt > b.savedAt),
  );

  constructor(
    private readonly config: Config,
    private readonly defaults: { clock?: Clock; redis?: Redis; persistence?: NodeCopyStore } = {},
  ) {}

  private get persistence(): NodeCopyStore {
    return this.defaults.persistence ?? nodeCopyStore();
  }

  async get(options: { kid?: string; clock?: Clock; redis?: Redis } = {}): Promise<KeyRing> {
    const now = (options.clock ?? this.defaults.clock ?? systemClock).now();
    const redis = options.redis ?? this.defaults.redis;
    const state = this.state && this.bounded(this.state, now);
    if (state?.failing && options.kid !== undefined && !state.ring.byKid.has(options.kid)) {
      // While the store is down this process can't tell a key rotated in elsewhere from a made-up
      // kid: 503, never a 401 that would sign the token's holder out. Retries stay off the request path.
      if (now >= state.nextReadAt) void this.read(now, redis).catch(() => undefined);
      return this.whileFailing(state, options.kid, now);
    }
    if (state) {
      const unknown = options.kid !== undefined && !state.ring.byKid.has(options.kid) && now - this.lastUnknownReadAt >= UNKNOWN_KID_MS;
      if (unknown) {
        this.lastUnknownReadAt = now;
      } else if (now < state.nextReadAt) {
        return withoutRetired(state.ring, now);
      } else if (state.failing || now < state.nextReadAt + REFRESH_MS) {
        // Due for a re-read: it runs behind this request, which uses what is known, at most one
        // period older than usual (a ring older than that, after a quiet spell, is read first).
        // While the store is down, retries must not make every JWT request wait out its time budget.
        void this.read(now, redis).catch(() => undefined);
        return withoutRetired(state.ring, now);
      }
    }
    const fresh = await this.read(now, redis);
    if (fresh.failing && options.kid !== undefined && !fresh.ring.byKid.has(options.kid)) return this.whileFailing(fresh, options.kid, now);
    return fresh.ring;
  }

  /** A kid the stand-in ring lacks: refused (401, by verification) if seen retired, else 503. */
  private whileFailing(state: Cached, kid: string, now: number): KeyRing {
    if (seenRetired(state, kid, now)) return withoutRetired(state.ring, now);
    throw kidUnreadable(kid);
  }

  /** While failing, a ring the store last confirmed over `JWT_RING_MAX_AGE` ago keeps only the configured keys. */
  private bounded(state: Cached, now: number): Cached {
    if (!state.failing || state.confirmedAt === undefined || now - state.confirmedAt <= this.config.jwtRingMaxAge * 1000) return state;
    const entries = [...state.ring.byKid.values()];
    if (entries.every((e) => this.configuredKids.has(e.kid))) return state;
    const ring = {
      current: state.ring.current,
      byKid: new Map(entries.filter((e) => this.configuredKids.has(e.kid)).map((e) => [e.kid, e])),
    };
    this.state = { ...state, ring };
    return this.state;
  }

  /** Makes a new key current; the keys it replaces verify for `retirementDelayMs` more, then drop out. */
  async rotate(options: { clock?: Clock; redis?: Redis } = {}): Promise<KeyRing> {
    const { config } = this;
    const alg = config.jwtAlg;
    const redis = options.redis ?? this.defaults.redis;
    const now = (options.clock ?? this.defaults.clock ?? systemClock).now();
    const stored = (await readStored(alg, redis)) ?? (await seedStored(config, now, redis));
    const live = stored.keys.filter((k) => k.retiresAt === null || k.retiresAt > now);
    if (live.length >= MAX_LIVE_KEYS) {
      const soonest = Math.min(...live.map((k) => k.retiresAt ?? Number.POSITIVE_INFINITY));
      throw new AuthError('conflict', `${live.length} keys are still in their overlap; rotate again after ${iso(soonest)}.`);
    }
    let jwk = await generateKey(alg);
    // A repeated kid would let one key pose as another; with random kids this loop runs once.
    while (live.some((k) => k.kid === jwk.kid)) jwk = await generateKey(alg);
    const kid = jwk.kid as string;
    const retiresAt = now + retirementDelayMs(config);
    const next: StoredRing = {
      format: 1,
      version: stored.version + 1,
      current: kid,
      keys: [
        {
          kid,
          alg,
          source: 'rotation',
          createdAt: now,
          retiresAt: null,
          sealed: await sealJwk(jwk, sealBinding(alg, kid), config.sessionPassword),
        },
        ...live.map((k) => ({ ...k, retiresAt: k.retiresAt ?? retiresAt })),
      ],
    };
    // One writer per version (the store has no compare-and-set): claim the next version, then check
    // nobody wrote since we read. Two concurrent rotations give one success and one 409, never a lost key.
    const claimed = await withStore((r) => r.set(claimKey(alg, next.version), '1', { nx: true, px: CLAIM_MS }), redis);
    const unchanged = claimed !== null && (await readStored(alg, redis))?.version === stored.version;
    if (!unchanged) throw new AuthError('conflict', 'Another rotation happened at the same moment; reload the keys and try again.');
    await withStore((r) => r.set(ringKey(alg), JSON.stringify(next)), redis);
    // This process signs with the new key at once; the others learn it from its kid or their next read.
    const ring = await openRing(next, config, now, this.state?.ring.byKid);
    this.state = { ring, version: next.version, nextReadAt: now + REFRESH_MS, failing: false, stored: next, confirmedAt: now };
    this.persist(next, now);
    return ring;
  }

  private read(now: number, redis: Redis | undefined): Promise<Cached> {
    this.inflight ??= this.load(now, redis).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(now: number, redis: Redis | undefined): Promise<Cached> {
    const previous = this.state;
    try {
      const stored = (await readStored(this.config.jwtAlg, redis)) ?? (await seedStored(this.config, now, redis));
      const ring =
        previous?.version === stored.version
          ? withoutRetired(previous.ring, now)
          : await openRing(stored, this.config, now, previous?.ring.byKid);
      this.state = { ring, version: stored.version, nextReadAt: now + REFRESH_MS, failing: false, stored, confirmedAt: now };
      this.persist(stored, now);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      if (!(error instanceof AuthError && error.code === 'store_unavailable'))
        console.error('[authlab] the key ring could not be read', error);
      // Verifying a JWT must not depend on the store being up: keep what this process knows, and try
      // again in a second. An outage is not a sign-out.
      this.state = this.bounded(await this.standIn(now, previous), now);
    }
    return this.state;
  }

  /**
   * The ring to answer with while the store can't be read: the newest of this process's last read
   * and the node's copy (by version, so a stale copy never brings back a key a newer ring retired or
   * dropped), else the configured keys, for a process that has never seen the ring at all.
   */
  private async standIn(now: number, previous: Cached | undefined): Promise<Cached> {
    const configured = await buildKeyRing(this.config);
    this.configuredKids = new Set(configured.byKid.keys());
    let base = previous?.stored ? { stored: previous.stored, confirmedAt: previous.confirmedAt, ring: previous.ring } : undefined;
    const copy = await this.copy.newest(this.config, this.persistence);
    if (copy && base && copy.ring.version === base.stored.version) {
      // The same ring, confirmed later by another process of this node: trusted from then on.
      if (copy.savedAt > (base.confirmedAt ?? 0))
        base = { ...base, confirmedAt: copy.savedAt, ring: await openRing(base.stored, this.config, now, base.ring.byKid) };
    } else if (copy && (!base || copy.ring.version > base.stored.version)) {
      try {
        base = { stored: copy.ring, confirmedAt: copy.savedAt, ring: await openRing(copy.ring, this.config, now, previous?.ring.byKid) };
      } catch (error) {
        console.error('[authlab] the saved copy of the key ring cannot be opened; it is left out', error);
      }
    }
    const failing = { version: base?.stored.version, nextReadAt: now + UNKNOWN_KID_MS, failing: true };
    if (!base) return { ring: configured, ...failing };
    return {
      ring: withoutRetired(base.ring, now),
      ...failing,
      stored: base.stored,
      ...(base.confirmedAt === undefined ? {} : { confirmedAt: base.confirmedAt }),
    };
  }

  /** Keeps the node's copy of a ring the store just confirmed. The last writer wins; the next read corrects it. */
  private persist(stored: StoredRing, now: number): void {
    this.copy.keep(this.config, this.persistence, stored.version, now, { format: 1, savedAt: now, ring: stored });
  }
}

// ---- The process-wide ring, the JWKS and the listing ----------------------------------------------

let processCache: KeyRingCache | undefined;

function kidOf(token: string): string | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  try {
    const { kid } = decodeProtectedHeader(token);
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined; // Malformed: verification will say so.
  }
}

/**
 * The process-wide key ring. Pass the bearer `token` about to be verified (or its `kid`, when already
 * known): if it names a kid this process does not know (a key another instance just made), the ring
 * is re-read first, rate-limited.
 */
export function getKeyRing(config: Config, options: { token?: string; kid?: string; clock?: Clock; redis?: Redis } = {}): Promise<KeyRing> {
  processCache ??= new KeyRingCache(config);
  const kid = options.kid ?? (options.token === undefined ? undefined : kidOf(options.token));
  return processCache.get({
    ...(kid === undefined ? {} : { kid }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.redis ? { redis: options.redis } : {}),
  });
}

/** Rotates the shared ring from this process (which then signs with the new key at once). */
export function rotateKeys(config: Config, options: { clock?: Clock; redis?: Redis } = {}): Promise<KeyRing> {
  processCache ??= new KeyRingCache(config);
  return processCache.rotate(options);
}

/** For tests: forget this process's ring. */
export function resetKeyRingCache(): void {
  processCache = undefined;
}

const isLive = (e: KeyEntry, now: number) => e.retiresAt === undefined || e.retiresAt > now;

/** The public keys, as served at /.well-known/jwks.json: never a private member, never an HMAC secret, never a retired key. */
export function publicJwks(ring: KeyRing, clock: Clock = systemClock): { keys: JWK[] } {
  const now = clock.now();
  return { keys: [...ring.byKid.values()].flatMap((e) => (e.publicJwk && isLive(e, now) ? [e.publicJwk] : [])) };
}

export interface KeyInfo {
  kid: string;
  alg: JwtAlgorithm;
  status: 'current' | 'previous';
  source: 'config' | 'rotation';
  createdAt: string | null;
  retiresAt: string | null;
  /** The public JWK as the JWKS publishes it; null for an HMAC secret. */
  publicJwk: JWK | null;
}

/** What GET /api/keys and the Keys page show: no private material, ever. */
export interface KeyListing {
  alg: JwtAlgorithm;
  current: string;
  keys: KeyInfo[];
  /** How many keys the JWKS publishes: zero for HS256, whose secret can't be handed out. */
  jwksPublished: number;
  /** How long a replaced key keeps verifying after a rotation, s. */
  retirementDelaySeconds: number;
}

export function describeKeys(ring: KeyRing, config: Config, clock: Clock = systemClock): KeyListing {
  const now = clock.now();
  const entries = [...ring.byKid.values()].filter((e) => isLive(e, now));
  const rank = (e: KeyEntry) => (e.kid === ring.current.kid ? Number.POSITIVE_INFINITY : (e.createdAt ?? 0));
  entries.sort((a, b) => rank(b) - rank(a));
  return {
    alg: ring.current.alg,
    current: ring.current.kid,
    keys: entries.map((e) => ({
      kid: e.kid,
      alg: e.alg,
      status: e.kid === ring.current.kid ? 'current' : 'previous',
      source: e.source ?? 'config',
      createdAt: e.createdAt === undefined ? null : iso(e.createdAt),
      retiresAt: e.retiresAt === undefined ? null : iso(e.retiresAt),
      publicJwk: e.publicJwk ?? null,
    })),
    jwksPublished: publicJwks(ring, clock).keys.length,
    retirementDelaySeconds: retirementDelayMs(config) / 1000,
  };
}
