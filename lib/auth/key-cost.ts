// What each algorithm costs: sign and verify timed in this process, through the app's own token code, with throwaway keys.
// Runtime: Node. At most one measurement a minute, shared by concurrent callers, so it can't be used to load the server.
import 'server-only';
import { JWT_ALGORITHMS, type JwtAlgorithm } from '../config';
import { systemClock, type Clock } from '../clock';
import { issueToken, verifyToken } from './jwt';
import { generateKey, importPrivateJwk } from './key-material';
import type { KeyRing } from './keys';

/** Operations timed per algorithm and direction; enough for a stable median and p95, small enough to be quick. */
export const COST_SAMPLES = 200;
export const COST_CACHE_MS = 60_000;
/** Untimed rounds first, so the JIT and WebCrypto's first-use setup don't land in the numbers. */
const WARM_UP = 20;

export interface OpCost {
  medianUs: number;
  p95Us: number;
}

export interface AlgorithmCost {
  alg: JwtAlgorithm;
  sign: OpCost;
  verify: OpCost;
  /** Length of a typical access token, bytes. */
  tokenBytes: number;
  /** Whether another service can get the verification key (a public key in the JWKS). */
  publicKey: boolean;
}

export interface CostReport {
  samples: number;
  measuredAt: string;
  runtime: string;
  algorithms: AlgorithmCost[];
}

/** Median and 95th percentile (nearest rank) of durations in ms, as whole-ish microseconds. */
export function summarize(durationsMs: readonly number[]): OpCost {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const us = (ms: number) => Math.round(ms * 10_000) / 10;
  return { medianUs: us(at(0.5)), p95Us: us(at(0.95)) };
}

const user = { id: 'u_cost', username: 'cost', role: 'member' as const };
const config = { issuer: 'authlab-cost' };

async function measureOne(alg: JwtAlgorithm, samples: number, timer: () => number): Promise<AlgorithmCost> {
  const entry = await importPrivateJwk(await generateKey(alg));
  const ring: KeyRing = { current: entry, byKid: new Map([[entry.kid, entry]]) };
  const sign: number[] = [];
  const verify: number[] = [];
  let token = '';
  for (let i = 0; i < WARM_UP + samples; i++) {
    const t0 = timer();
    token = (await issueToken(user, { ring, config, ttl: 300 })).token;
    const t1 = timer();
    await verifyToken(token, { ring, config });
    const t2 = timer();
    if (i >= WARM_UP) {
      sign.push(t1 - t0);
      verify.push(t2 - t1);
    }
  }
  return { alg, sign: summarize(sign), verify: summarize(verify), tokenBytes: token.length, publicKey: entry.publicJwk !== undefined };
}

/** Times `samples` signs and verifies for each algorithm, one after another. */
export async function measureCosts(options: { samples?: number; clock?: Clock; timer?: () => number } = {}): Promise<CostReport> {
  const samples = Math.min(options.samples ?? COST_SAMPLES, COST_SAMPLES);
  const timer = options.timer ?? (() => performance.now());
  const algorithms: AlgorithmCost[] = [];
  for (const alg of JWT_ALGORITHMS) algorithms.push(await measureOne(alg, samples, timer));
  return {
    samples,
    measuredAt: new Date((options.clock ?? systemClock).now()).toISOString(),
    runtime: `Node ${process.version}`,
    algorithms,
  };
}

/** A measurement kept for `COST_CACHE_MS`; callers arriving while one runs share it. */
export function createCostCache(measure: () => Promise<CostReport> = () => measureCosts(), clock: Clock = systemClock) {
  let cached: { report: Promise<CostReport>; at: number } | undefined;
  return (): Promise<CostReport> => {
    const now = clock.now();
    if (!cached || now - cached.at >= COST_CACHE_MS) {
      const report = measure();
      cached = { report, at: now };
      // A failed run is not kept: the next caller measures again.
      report.catch(() => {
        if (cached?.report === report) cached = undefined;
      });
    }
    return cached.report;
  };
}

/** The process-wide cached measurement behind GET /api/keys/cost and the Keys page. */
export const keyCosts = createCostCache();
