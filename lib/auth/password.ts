// Password checks against slow scrypt hashes, the same work for unknown users as for known ones.
// Runtime: Node only (node:crypto scrypt).
import 'server-only';
import { scrypt, timingSafeEqual } from 'node:crypto';
import { findUserByName, type User } from './users';

/** Hashes of the demo passwords: `scrypt$N$r$p$salt$hash`, base64url. The passwords themselves are public (demo-accounts.ts, API.md). */
const HASHES: Record<string, string> = {
  u_alice: 'scrypt$32768$8$1$vJr5JCHLKMG0mWm7hyPOZA$pm24-HR2mLD7C8WeZr6MLlludKo7GX6G0jr6LWtJ6ZI',
  u_bob: 'scrypt$32768$8$1$lZSML7GlQO1VWyKcDhHyGw$oCLl5dLX2X0wIsXVsFIwz5VUmE9orjNtDZsUCgQyErM',
};

/** Checked when the user does not exist, so an unknown name costs the same time as a wrong password. */
const DUMMY_HASH = 'scrypt$32768$8$1$OfpXrf2ZXXPLtlrUa-SgPg$5-xAUSfqkNCK_jWCW2LTr8pjI9ctFTMPw1qYegnliJE';

function scryptAsync(password: string, salt: Buffer, keylen: number, N: number, r: number, p: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, keylen, { N, r, p, maxmem: 128 * N * r * 2 }, (err, key) => (err ? reject(err) : resolve(key)));
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

/** The hash a sign-in as `username` is checked against: a real one, or the dummy of equal cost. */
export function hashToCheck(username: string): { user: User | undefined; hash: string } {
  const user = findUserByName(username);
  return { user, hash: (user && HASHES[user.id]) ?? DUMMY_HASH };
}

/** The user whose password this is, or `undefined`; always does one full hash. */
export async function checkCredentials(username: string, password: string): Promise<User | undefined> {
  const { user, hash } = hashToCheck(username);
  const matches = await verifyPassword(password, hash);
  return user && matches ? user : undefined;
}
