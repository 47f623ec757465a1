// Slow password hashes: scrypt, encoded as `scrypt$N$r$p$salt$hash` (base64url), to make and to check.
// Runtime: Node only (node:crypto scrypt).
import 'server-only';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { HashQueue } from './hash-queue';

/** The cost every stored hash uses (the demo hashes, the dummy, throwaway users): one check costs the same for all. */
const N = 32768;
const R = 8;
const P = 1;

function scryptAsync(password: string, salt: Buffer, keylen: number, n: number, r: number, p: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, keylen, { N: n, r, p, maxmem: 128 * n * r * 2 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) throw new Error('Malformed password hash');
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64url'),
    expected.length,
    Number(n),
    Number(r),
    Number(p),
  );
  return timingSafeEqual(actual, expected);
}

/** A new hash of `password` at the app's one cost, with a random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password.normalize('NFKC'), salt, 32, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * Every password hash of this process (sign-ins, throwaway users) runs here: two at a time (one per
 * core of a small server), four waiting per client address, 64 waiting in all; beyond that 429 with
 * Retry-After: 1. The waiting job whose address asks least goes first (hashes it started lately, a
 * count halving every 10 s, plus hashes it has waiting), so a sign-in from an address that hasn't been signing in is next, however
 * many addresses keep the queue busy. A sign-in holds its place (`reserve`) before its attempt is
 * counted, so this queue never refuses an attempt that was already counted. Sign-ins with a device cookie for
 * their account wait in the trusted lane, served first: 2 waiting per account, 16 in all (see sign-in.ts).
 */
export const passwordHashing = new HashQueue({ concurrency: 2, perKey: 4, total: 64, trusted: { perKey: 2, total: 16 } });
