// Private key material at rest in the store: sealed with AES-256-GCM under a key derived from SESSION_PASSWORD.
// Runtime: edge and Node (WebCrypto only). The sealing key is derived once per process, never per request.
import { base64url, type JWK } from 'jose';

const FORMAT = 'k1';
const encoder = new TextEncoder();

export class SealError extends Error {
  override readonly name = 'SealError';
}

let derived: { password: string; key: Promise<CryptoKey> } | undefined;

/** A key of its own for sealing, derived with HKDF, so no extra secret to manage and none shared with cookies. */
function sealingKey(password: string): Promise<CryptoKey> {
  if (!derived || derived.password !== password) {
    const key = (async () => {
      const base = await crypto.subtle.importKey('raw', encoder.encode(password), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode('authlab key ring seal v1') },
        base,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
    })();
    derived = { password, key };
  }
  return derived.key;
}

/**
 * Seals a private JWK as `k1.<iv>.<ciphertext>`. `binding` (the key's alg and kid) is authenticated
 * with it, so a sealed key copied onto another entry of the ring fails to open instead of posing as it.
 */
export async function sealJwk(jwk: JWK, binding: string, password: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(binding) },
    await sealingKey(password),
    encoder.encode(JSON.stringify(jwk)),
  );
  return `${FORMAT}.${base64url.encode(iv)}.${base64url.encode(new Uint8Array(sealed))}`;
}

/** Opens a sealed JWK; a wrong password, another binding or any edited byte is a `SealError`. */
export async function unsealJwk(sealed: string, binding: string, password: string): Promise<JWK> {
  const [format, iv, body, ...rest] = sealed.split('.');
  if (format !== FORMAT || !iv || !body || rest.length > 0) throw new SealError('not a sealed key of a known format');
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64url.decode(iv) as BufferSource, additionalData: encoder.encode(binding) },
      await sealingKey(password),
      base64url.decode(body) as BufferSource,
    );
  } catch (error) {
    throw new SealError('the sealed key does not open with this SESSION_PASSWORD, or it was altered', { cause: error });
  }
  const jwk: unknown = JSON.parse(new TextDecoder().decode(plain));
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw new SealError('the sealed key is not a JWK');
  return jwk as JWK;
}
