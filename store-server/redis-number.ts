// Numbers as Redis 7.0 reads them: strict 64-bit integers (INCR, PEXPIRE, SET's expiry), SCAN cursors.
// Runtime: Node (store process). Replies must match a real Redis byte for byte, hence BigInt, not Number().

export const LLONG_MAX = 2n ** 63n - 1n;
export const LLONG_MIN = -(2n ** 63n);

/** Redis `string2ll`: no sign but `-`, no leading zeros, no spaces, within 64 bits. */
export function parseInteger(text: string): bigint | undefined {
  if (!/^(?:0|-?[1-9][0-9]{0,19})$/.test(text)) return undefined;
  const value = BigInt(text);
  return value > LLONG_MAX || value < LLONG_MIN ? undefined : value;
}

const C_SPACE = /^[ \t\n\v\f\r]/;

/** A SCAN cursor as C `strtoul` reads it; a negative number wraps around to a huge one. */
export function parseCursor(text: string): bigint | undefined {
  if (C_SPACE.test(text)) return undefined;
  const match = /^([+-]?)([0-9]*)$/.exec(text);
  if (!match) return undefined;
  const digits = match[2] ?? '';
  if (digits === '') return match[1] === '' ? 0n : undefined;
  const value = BigInt(digits);
  if (value > 2n ** 64n - 1n) return undefined;
  return match[1] === '-' && value !== 0n ? 2n ** 64n - value : value;
}
