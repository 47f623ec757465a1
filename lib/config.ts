// Configuration: the environment parsed once, typed, with the defaults of API.md.
// Runtime: edge and Node. Nothing else in the app reads `process.env`.
import { z } from 'zod';
import { parseAllowedHosts, type HostPolicy } from './http/allowed-hosts';

/** The variables the app reads, listed one by one: the edge runtime cannot enumerate `process.env`. */
export function readEnv(): Record<string, string | undefined> {
  return {
    PORT: process.env.PORT,
    ACCESS_TOKEN_TTL: process.env.ACCESS_TOKEN_TTL,
    REFRESH_TOKEN_TTL: process.env.REFRESH_TOKEN_TTL,
    REFRESH_REUSE_GRACE: process.env.REFRESH_REUSE_GRACE,
    REFRESH_ABSOLUTE_TTL: process.env.REFRESH_ABSOLUTE_TTL,
    SESSION_IDLE_TTL: process.env.SESSION_IDLE_TTL,
    SESSION_ABSOLUTE_TTL: process.env.SESSION_ABSOLUTE_TTL,
    HYBRID_TOKEN_TTL: process.env.HYBRID_TOKEN_TTL,
    JWT_ALG: process.env.JWT_ALG,
    JWT_SECRET: process.env.JWT_SECRET,
    JWT_KEYS: process.env.JWT_KEYS,
    JWT_ISSUER: process.env.JWT_ISSUER,
    SESSION_PASSWORD: process.env.SESSION_PASSWORD,
    JWT_DENYLIST: process.env.JWT_DENYLIST,
    JWT_VERIFY_CACHE: process.env.JWT_VERIFY_CACHE,
    UPSTASH_REDIS_REST_URL: process.env.UPSTASH_REDIS_REST_URL,
    UPSTASH_REDIS_REST_TOKEN: process.env.UPSTASH_REDIS_REST_TOKEN,
    STORE_TIMEOUT_MS: process.env.STORE_TIMEOUT_MS,
    REDIS_URL: process.env.REDIS_URL,
    DATA_DIR: process.env.DATA_DIR,
    LOGIN_MAX_ATTEMPTS: process.env.LOGIN_MAX_ATTEMPTS,
    LOGIN_WINDOW: process.env.LOGIN_WINDOW,
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: process.env.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
    LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: process.env.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT,
    THROWAWAY_PER_ADDRESS: process.env.THROWAWAY_PER_ADDRESS,
    TRUST_PROXY_HOPS: process.env.TRUST_PROXY_HOPS,
    ALLOWED_HOSTS: process.env.ALLOWED_HOSTS,
    // Set by Vercel: the deployment's own names, allowed without listing them.
    VERCEL_URL: process.env.VERCEL_URL,
    VERCEL_BRANCH_URL: process.env.VERCEL_BRANCH_URL,
    VERCEL_PROJECT_PRODUCTION_URL: process.env.VERCEL_PROJECT_PRODUCTION_URL,
    JWT_RING_MAX_AGE: process.env.JWT_RING_MAX_AGE,
    JWT_RING_SNAPSHOT: process.env.JWT_RING_SNAPSHOT,
    SETTINGS_SNAPSHOT: process.env.SETTINGS_SNAPSHOT,
    SESSION_MAX_PER_USER: process.env.SESSION_MAX_PER_USER,
  };
}

export const JWT_ALGORITHMS = ['HS256', 'ES256', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** A secret must carry at least 256 bits; counted in UTF-8 bytes, as the crypto sees it. */
const MIN_SECRET_BYTES = 32;
const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** Throwaway users made per client address per their life (THROWAWAY_PER_ADDRESS), unless set. */
export const DEFAULT_THROWAWAY_PER_ADDRESS = 60;

const seconds = (name: string, fallback: number, max = 10 * 365 * 86_400, min = 1) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const secret = (name: string) =>
  z
    .string()
    .optional()
    .refine((s) => s === undefined || s === '' || byteLength(s) >= MIN_SECRET_BYTES, {
      message: `${name} is too weak: it must be at least ${MIN_SECRET_BYTES} bytes`,
    })
    .transform((s) => (s === '' ? undefined : s));

/** Free text set by the launcher; empty is unset. */
const text = () =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' ? undefined : s));

const EnvSchema = z.object({
  PORT: seconds('PORT', 3000, 65_535),
  ACCESS_TOKEN_TTL: seconds('ACCESS_TOKEN_TTL', 300),
  REFRESH_TOKEN_TTL: seconds('REFRESH_TOKEN_TTL', 86_400),
  REFRESH_REUSE_GRACE: seconds('REFRESH_REUSE_GRACE', 10, 3_600, 0),
  REFRESH_ABSOLUTE_TTL: seconds('REFRESH_ABSOLUTE_TTL', 2_592_000),
  SESSION_IDLE_TTL: seconds('SESSION_IDLE_TTL', 1_800),
  SESSION_ABSOLUTE_TTL: seconds('SESSION_ABSOLUTE_TTL', 43_200),
  HYBRID_TOKEN_TTL: seconds('HYBRID_TOKEN_TTL', 60, 60),
  JWT_ALG: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' ? 'ES256' : s))
    .pipe(z.enum(JWT_ALGORITHMS, { message: `JWT_ALG must be one of ${JWT_ALGORITHMS.join(', ')}` })),
  JWT_SECRET: secret('JWT_SECRET'),
  JWT_KEYS: z.string().optional(),
  JWT_ISSUER: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' ? 'authlab' : s)),
  SESSION_PASSWORD: secret('SESSION_PASSWORD'),
  JWT_DENYLIST: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' ? 'off' : s.toLowerCase()))
    .pipe(z.enum(['on', 'off'], { message: 'JWT_DENYLIST must be "on" or "off"' })),
  JWT_VERIFY_CACHE: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' ? 'on' : s.toLowerCase()))
    .pipe(z.enum(['on', 'off'], { message: 'JWT_VERIFY_CACHE must be "on" or "off"' })),
  UPSTASH_REDIS_REST_URL: z.string().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
  STORE_TIMEOUT_MS: seconds('STORE_TIMEOUT_MS', 800, 10_000),
  REDIS_URL: z.string().optional(),
  DATA_DIR: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' ? '.data' : s)),
  LOGIN_MAX_ATTEMPTS: seconds('LOGIN_MAX_ATTEMPTS', 5, 1_000),
  LOGIN_WINDOW: seconds('LOGIN_WINDOW', 900, 86_400),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: seconds('LOGIN_MAX_ATTEMPTS_PER_ADDRESS', 50, 100_000),
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: seconds('LOGIN_MAX_ATTEMPTS_PER_ACCOUNT', 100, 100_000),
  THROWAWAY_PER_ADDRESS: seconds('THROWAWAY_PER_ADDRESS', DEFAULT_THROWAWAY_PER_ADDRESS, 100_000),
  TRUST_PROXY_HOPS: seconds('TRUST_PROXY_HOPS', 0, 10, 0),
  ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const policy = parseAllowedHosts(raw);
      if ('invalid' in policy) {
        ctx.addIssue({ code: 'custom', message: `ALLOWED_HOSTS has entries that are not host names: ${policy.invalid.join(', ')}` });
        return z.NEVER;
      }
      return raw;
    }),
  VERCEL_URL: z.string().optional(),
  VERCEL_BRANCH_URL: z.string().optional(),
  VERCEL_PROJECT_PRODUCTION_URL: z.string().optional(),
  JWT_RING_MAX_AGE: seconds('JWT_RING_MAX_AGE', 3_600, 30 * 86_400, 0),
  JWT_RING_SNAPSHOT: text(),
  SETTINGS_SNAPSHOT: text(),
  SESSION_MAX_PER_USER: seconds('SESSION_MAX_PER_USER', 50, 10_000),
});

export interface Config {
  port: number;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  refreshReuseGrace: number;
  /** A refresh family's absolute lifetime from sign-in, s, however often it rotates. */
  refreshAbsoluteTtl: number;
  sessionIdleTtl: number;
  sessionAbsoluteTtl: number;
  hybridTokenTtl: number;
  jwtAlg: JwtAlgorithm;
  /** The HS256 key; required when `jwtAlg` is HS256. */
  jwtSecret: string | undefined;
  /** A private JWK set (JSON) for ES256 / EdDSA; required for those algorithms. */
  jwtKeys: string | undefined;
  issuer: string;
  sessionPassword: string;
  jwtDenylist: boolean;
  /** Whether the middleware skips the signature check for a token this process already verified. */
  jwtVerifyCache: boolean;
  store: { url: string; token: string; timeoutMs: number };
  redisUrl: string | undefined;
  dataDir: string;
  loginMaxAttempts: number;
  loginWindow: number;
  /** Failed sign-ins allowed from one client address per window (any accounts). */
  loginMaxAttemptsPerAddress: number;
  /** Sign-in attempts allowed for one account from all addresses together per window: bounds distributed guessing. */
  loginMaxAttemptsPerAccount: number;
  /** Throwaway users (attack lab, Measure, Learn) made per client address per their 10-minute life. */
  throwawayPerAddress: number;
  /** How many proxies in front append to X-Forwarded-For; 0 trusts none of it. */
  trustProxyHops: number;
  /** The `Host` names the app answers for (ALLOWED_HOSTS, loopback, the platform's own URL); others get 421. */
  allowedHosts: HostPolicy;
  /** How long after its last read from the store (s) a process unable to reach it still trusts a key only the store knows. */
  jwtRingMaxAge: number;
  /** The sealed copy of the last key ring seen on this node, passed by the launcher (see keys.ts). */
  jwtRingSnapshot: string | undefined;
  /** The sealed copy of the last live settings seen on this node, passed by the launcher (see settings.ts). */
  settingsSnapshot: string | undefined;
  /** Live sessions (and, separately, refresh families) one user may hold; signing in beyond it ends the least recently used. */
  sessionMaxPerUser: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses an environment into a `Config`, or throws a `ConfigError` naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.message}`);
    throw new ConfigError(`authlab cannot start, the configuration is invalid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (!e.SESSION_PASSWORD) problems.push('- SESSION_PASSWORD is not set (npm start generates one under DATA_DIR)');
  if (e.JWT_ALG === 'HS256' && !e.JWT_SECRET) problems.push('- JWT_SECRET is required when JWT_ALG is HS256');
  if (e.JWT_ALG !== 'HS256' && !e.JWT_KEYS) problems.push(`- JWT_KEYS (a private JWK set) is required when JWT_ALG is ${e.JWT_ALG}`);
  if (!e.UPSTASH_REDIS_REST_URL || !e.UPSTASH_REDIS_REST_TOKEN) {
    problems.push('- UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are not set (npm start starts the built-in store and sets them)');
  }
  if (problems.length > 0) {
    throw new ConfigError(`authlab cannot start, the configuration is incomplete:\n${problems.join('\n')}`);
  }
  return {
    port: e.PORT,
    accessTokenTtl: e.ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    refreshReuseGrace: e.REFRESH_REUSE_GRACE,
    refreshAbsoluteTtl: e.REFRESH_ABSOLUTE_TTL,
    sessionIdleTtl: e.SESSION_IDLE_TTL,
    sessionAbsoluteTtl: e.SESSION_ABSOLUTE_TTL,
    hybridTokenTtl: e.HYBRID_TOKEN_TTL,
    jwtAlg: e.JWT_ALG,
    jwtSecret: e.JWT_SECRET,
    jwtKeys: e.JWT_KEYS,
    issuer: e.JWT_ISSUER,
    sessionPassword: e.SESSION_PASSWORD as string,
    jwtDenylist: e.JWT_DENYLIST === 'on',
    jwtVerifyCache: e.JWT_VERIFY_CACHE === 'on',
    store: {
      url: e.UPSTASH_REDIS_REST_URL as string,
      token: e.UPSTASH_REDIS_REST_TOKEN as string,
      timeoutMs: e.STORE_TIMEOUT_MS,
    },
    redisUrl: e.REDIS_URL,
    dataDir: e.DATA_DIR,
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    loginWindow: e.LOGIN_WINDOW,
    loginMaxAttemptsPerAddress: e.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
    loginMaxAttemptsPerAccount: e.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT,
    throwawayPerAddress: e.THROWAWAY_PER_ADDRESS,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    allowedHosts: parseAllowedHosts(e.ALLOWED_HOSTS, [e.VERCEL_URL, e.VERCEL_BRANCH_URL, e.VERCEL_PROJECT_PRODUCTION_URL]) as HostPolicy,
    jwtRingMaxAge: e.JWT_RING_MAX_AGE,
    jwtRingSnapshot: e.JWT_RING_SNAPSHOT,
    settingsSnapshot: e.SETTINGS_SNAPSHOT,
    sessionMaxPerUser: e.SESSION_MAX_PER_USER,
  };
}

let cached: Config | undefined;

/** The app's configuration, parsed on first use and kept for the life of the process. */
export function getConfig(): Config {
  cached ??= parseConfig(readEnv());
  return cached;
}
