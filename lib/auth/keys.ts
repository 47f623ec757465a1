// Key material for JWTs: the current signing key, the verification keys by `kid`, and the JWKS.
// Runtime: edge and Node. Keys are imported once per process and cached, never per request.
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Config, JwtAlgorithm } from '../config';
import { ConfigError } from '../config';

export interface KeyEntry {
  kid: string;
  /** The only algorithm this key may be used with, for signing and for verifying. */
  alg: JwtAlgorithm;
  signKey: CryptoKey | Uint8Array;
  verifyKey: CryptoKey | Uint8Array;
  /** The public JWK, or undefined for an HMAC secret, which is never published. */
  publicJwk: JWK | undefined;
}

export interface KeyRing {
  current: KeyEntry;
  byKid: ReadonlyMap<string, KeyEntry>;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

/** A JWK with every private member removed. */
export function publicPart(jwk: JWK): JWK {
  const out: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete out[member];
  return out as JWK;
}

async function hmacKid(secret: Uint8Array): Promise<string> {
  // A short digest names the secret without revealing anything about it.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', secret as BufferSource));
  return `hs256-${Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function parseJwkSet(raw: string): JWK[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('JWT_KEYS is not valid JSON (expected a JWK set: {"keys":[...]})');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) throw new ConfigError('JWT_KEYS must be a JWK set: {"keys":[...]}');
  return keys as JWK[];
}

const CURVE_OF: Record<Exclude<JwtAlgorithm, 'HS256'>, { kty: string; crv: string }> = {
  ES256: { kty: 'EC', crv: 'P-256' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
};

async function importAsymmetric(jwk: JWK): Promise<KeyEntry | undefined> {
  const alg = jwk.alg as JwtAlgorithm | undefined;
  if (alg !== 'ES256' && alg !== 'EdDSA') return undefined;
  const shape = CURVE_OF[alg];
  if (jwk.kty !== shape.kty || jwk.crv !== shape.crv || typeof jwk.kid !== 'string' || !jwk.d) {
    throw new ConfigError(`JWT_KEYS: key ${String(jwk.kid)} is not a private ${alg} key with a kid`);
  }
  const pub = publicPart(jwk);
  return {
    kid: jwk.kid,
    alg,
    signKey: (await importJWK(jwk, alg)) as CryptoKey,
    verifyKey: (await importJWK(pub, alg)) as CryptoKey,
    publicJwk: { ...pub, use: 'sig', alg },
  };
}

/** Builds the key ring from configuration; the current key is the first one of `JWT_ALG`. */
export async function buildKeyRing(config: Pick<Config, 'jwtAlg' | 'jwtSecret' | 'jwtKeys'>): Promise<KeyRing> {
  const entries: KeyEntry[] = [];
  if (config.jwtSecret) {
    const secret = new TextEncoder().encode(config.jwtSecret);
    entries.push({ kid: await hmacKid(secret), alg: 'HS256', signKey: secret, verifyKey: secret, publicJwk: undefined });
  }
  if (config.jwtKeys) {
    for (const jwk of parseJwkSet(config.jwtKeys)) {
      const entry = await importAsymmetric(jwk);
      if (entry) entries.push(entry);
    }
  }
  const current = entries.find((e) => e.alg === config.jwtAlg);
  if (!current) throw new ConfigError(`No key for JWT_ALG=${config.jwtAlg} was configured`);
  // Only keys of the configured algorithm verify: switching JWT_ALG retires the others' tokens.
  const byKid = new Map(entries.filter((e) => e.alg === config.jwtAlg).map((e) => [e.kid, e]));
  return { current, byKid };
}

/** The public keys, as served at /.well-known/jwks.json: never a private member, never an HMAC secret. */
export function publicJwks(ring: KeyRing): { keys: JWK[] } {
  return { keys: [...ring.byKid.values()].flatMap((e) => (e.publicJwk ? [e.publicJwk] : [])) };
}

let ringPromise: Promise<KeyRing> | undefined;

/** The process-wide key ring, imported on first use. */
export function getKeyRing(config: Config): Promise<KeyRing> {
  ringPromise ??= buildKeyRing(config).catch((error: unknown) => {
    ringPromise = undefined;
    throw error;
  });
  return ringPromise;
}

/** Makes a new private JWK for `alg` with a fresh kid; used by the launcher to generate keys once. */
export async function generatePrivateJwk(alg: 'ES256' | 'EdDSA'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, crv: alg === 'EdDSA' ? 'Ed25519' : undefined });
  const jwk = await exportJWK(privateKey);
  const kid = `${alg.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}`;
  return { ...jwk, kid, alg, use: 'sig' };
}
