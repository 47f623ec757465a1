// Key material for JWTs: making keys, importing a private JWK into a signing entry, public parts.
// Runtime: edge and Node (WebCrypto only). Every entry is bound to exactly one algorithm, for signing and verifying.
import { base64url, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { JWT_ALGORITHMS, type JwtAlgorithm } from '../config';

export interface KeyEntry {
  kid: string;
  /** The only algorithm this key may be used with, for signing and for verifying. */
  alg: JwtAlgorithm;
  signKey: CryptoKey | Uint8Array;
  verifyKey: CryptoKey | Uint8Array;
  /** The public JWK, or undefined for an HMAC secret, which is never published. */
  publicJwk: JWK | undefined;
  /** Where the key came from: the environment / DATA_DIR, or a rotation. */
  source?: 'config' | 'rotation';
  /** When the key joined the ring (ms since the epoch). */
  createdAt?: number;
  /** From this instant (ms) tokens signed with the key no longer verify; unset while it is current. */
  retiresAt?: number;
}

export interface KeyRing {
  current: KeyEntry;
  /** The keys that verify, current included. One past its `retiresAt` is refused even while still listed here. */
  byKid: ReadonlyMap<string, KeyEntry>;
}

/** Every JWK member that can carry private material (RFC 7517/7518), including RSA's, to be thorough. */
export const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

/** An HMAC secret must carry at least 256 bits (RFC 7518 §3.2). */
export const MIN_HMAC_BYTES = 32;

export class KeyMaterialError extends Error {
  override readonly name = 'KeyMaterialError';
}

/** A JWK with every private member removed. */
export function publicPart(jwk: JWK): JWK {
  const out: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete out[member];
  return out as JWK;
}

export async function hmacKid(secret: Uint8Array): Promise<string> {
  // A short digest names the secret without revealing anything about it.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', secret as BufferSource));
  return `hs256-${Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** An HMAC secret as an `oct` JWK, so keys of all three algorithms travel (sealed) in one shape. */
export async function secretJwk(secret: Uint8Array): Promise<JWK> {
  return { kty: 'oct', k: base64url.encode(secret), kid: await hmacKid(secret), alg: 'HS256', use: 'sig' };
}

const SHAPE: Record<Exclude<JwtAlgorithm, 'HS256'>, { kty: string; crv: string }> = {
  ES256: { kty: 'EC', crv: 'P-256' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
};

/**
 * Imports a private JWK that names its `kid` and `alg`. Anything that does not match its algorithm's
 * shape (a P-384 key calling itself ES256, a short HMAC secret) is refused rather than guessed at.
 */
export async function importPrivateJwk(jwk: JWK, meta: Pick<KeyEntry, 'source' | 'createdAt' | 'retiresAt'> = {}): Promise<KeyEntry> {
  const alg = jwk.alg as JwtAlgorithm;
  const kid = jwk.kid;
  if (!(JWT_ALGORITHMS as readonly string[]).includes(String(alg))) throw new KeyMaterialError(`key ${String(kid)} has no supported alg`);
  if (typeof kid !== 'string' || kid === '' || kid.length > 64) throw new KeyMaterialError(`a ${alg} key has no usable kid`);
  if (alg === 'HS256') {
    if (jwk.kty !== 'oct' || typeof jwk.k !== 'string') throw new KeyMaterialError(`key ${kid} is not an HMAC secret`);
    const secret = base64url.decode(jwk.k);
    if (secret.length < MIN_HMAC_BYTES) throw new KeyMaterialError(`key ${kid} is shorter than ${MIN_HMAC_BYTES} bytes`);
    // Imported once as a non-extractable CryptoKey, so signing and verifying never re-import the bytes.
    const key = await crypto.subtle.importKey('raw', secret as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return { kid, alg, signKey: key, verifyKey: key, publicJwk: undefined, ...meta };
  }
  const shape = SHAPE[alg];
  if (jwk.kty !== shape.kty || jwk.crv !== shape.crv || typeof jwk.d !== 'string') {
    throw new KeyMaterialError(`key ${kid} is not a private ${alg} key (${shape.kty} ${shape.crv})`);
  }
  const pub = publicPart(jwk);
  return {
    kid,
    alg,
    signKey: (await importJWK(jwk, alg)) as CryptoKey,
    verifyKey: (await importJWK(pub, alg)) as CryptoKey,
    publicJwk: { ...pub, use: 'sig', alg },
    ...meta,
  };
}

/** Makes a new private JWK for `alg` with a fresh kid; used by the launcher to generate keys once. */
export async function generatePrivateJwk(alg: 'ES256' | 'EdDSA'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { extractable: true, crv: 'Ed25519' } : { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = `${alg.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}`;
  return { ...jwk, kid, alg, use: 'sig' };
}

/** A new private key of any of the three algorithms, as a JWK; an HMAC secret gets 256 random bits. */
export async function generateKey(alg: JwtAlgorithm): Promise<JWK> {
  if (alg === 'HS256') return secretJwk(crypto.getRandomValues(new Uint8Array(MIN_HMAC_BYTES)));
  return generatePrivateJwk(alg);
}
