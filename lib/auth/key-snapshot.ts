// The envelope of a key ring kept outside the store: JSON under an HMAC keyed from SESSION_PASSWORD.
// Runtime: edge and Node (WebCrypto only). What it carries (and how old it may be) is decided in keys.ts.
import { base64url } from 'jose';

const FORMAT = 'r1';
const encoder = new TextEncoder();

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

let derived: { password: string; key: Promise<CryptoKey> } | undefined;

/** A MAC key of its own (HKDF, another `info` than the key seal's), so no extra secret and none shared. */
function macKey(password: string): Promise<CryptoKey> {
  if (!derived || derived.password !== password) {
    const key = (async () => {
      const base = await crypto.subtle.importKey('raw', encoder.encode(password), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode('authlab key ring snapshot v1') },
        base,
        { name: 'HMAC', hash: 'SHA-256', length: 256 },
        false,
        ['sign', 'verify'],
      );
    })();
    derived = { password, key };
  }
  return derived.key;
}

/**
 * Seals `payload` as `r1.<json>.<mac>`. The private keys inside are already sealed one by one
 * (key-seal.ts); the MAC is what stops an edit of the file or the variable from adding a key,
 * reviving a retired one or making an old copy look new.
 */
export async function sealSnapshot(payload: unknown, password: string): Promise<string> {
  const body = base64url.encode(JSON.stringify(payload));
  const mac = await crypto.subtle.sign('HMAC', await macKey(password), encoder.encode(`${FORMAT}.${body}`));
  return `${FORMAT}.${body}.${base64url.encode(new Uint8Array(mac))}`;
}

/** Opens a sealed snapshot; another password, any edited character or another format is a `SnapshotError`. */
export async function openSnapshot(sealed: string, password: string): Promise<unknown> {
  const [format, body, mac, ...rest] = sealed.trim().split('.');
  if (format !== FORMAT || !body || !mac || rest.length > 0) throw new SnapshotError('not a key ring snapshot of a known format');
  let valid = false;
  try {
    valid = await crypto.subtle.verify(
      'HMAC',
      await macKey(password),
      base64url.decode(mac) as BufferSource,
      encoder.encode(`${FORMAT}.${body}`),
    );
  } catch {
    valid = false;
  }
  if (!valid) throw new SnapshotError('the key ring snapshot was altered, or sealed with another SESSION_PASSWORD');
  try {
    return JSON.parse(new TextDecoder().decode(base64url.decode(body))) as unknown;
  } catch (error) {
    throw new SnapshotError('the key ring snapshot is not JSON', { cause: error });
  }
}
