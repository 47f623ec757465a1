// Keys of their own for each server-side MAC, all HKDF-SHA-256 from SESSION_PASSWORD with their own `info`
// (no extra secret to configure). Runtime: Node only (node:crypto).
import 'server-only';
import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';

/**
 * A function giving the 32-byte key derived from a session password for `info`, derived (and made a key object) once
 * per password and process: a new SESSION_PASSWORD gives a new key.
 */
export function derivedKey(info: string): (sessionPassword: string) => KeyObject {
  let derived: { password: string; key: KeyObject } | undefined;
  return (sessionPassword) => {
    if (derived?.password !== sessionPassword) {
      derived = {
        password: sessionPassword,
        key: createSecretKey(Buffer.from(hkdfSync('sha256', sessionPassword, Buffer.alloc(0), info, 32))),
      };
    }
    return derived.key;
  };
}
