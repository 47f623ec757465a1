// Numbers as Redis 7.0 reads and writes them: strict 64-bit integers, C `strtod` floats, `%.17g`.
// Runtime: Node (store process). Replies must match a real Redis byte for byte, hence no Number().

export const LLONG_MAX = 2n ** 63n - 1n;
export const LLONG_MIN = -(2n ** 63n);

/** Redis `string2ll`: no sign but `-`, no leading zeros, no spaces, within 64 bits. */
export function parseInteger(text: string): bigint | undefined {
  if (!/^(?:0|-?[1-9][0-9]{0,19})$/.test(text)) return undefined;
  const value = BigInt(text);
  return value > LLONG_MAX || value < LLONG_MIN ? undefined : value;
}

const C_SPACE = /^[ \t\n\v\f\r]/;
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;
const NAN = /^[+-]?nan(?:\([0-9a-zA-Z_]*\))?$/i;

interface Strtod {
  value: number;
  /** The C library reports ERANGE: the text was finite but overflowed, or non-zero but underflowed to 0. */
  range: boolean;
}

/** C `strtod` over the whole string (after leading spaces); undefined when text remains. */
function strtod(text: string): Strtod | undefined {
  const s = text.replace(/^[ \t\n\v\f\r]+/, '');
  if (s === '') return { value: 0, range: false };
  const inf = INFINITY.exec(s);
  if (inf) return { value: inf[1] === '-' ? -Infinity : Infinity, range: false };
  if (NAN.test(s)) return { value: NaN, range: false };
  if (DECIMAL.test(s)) {
    const value = Number(s);
    const nonZero = /[1-9]/.test(s.split(/[eE]/, 1)[0] ?? '');
    return { value, range: !Number.isFinite(value) || (value === 0 && nonZero) };
  }
  const hex = HEX.exec(s);
  if (hex && `${hex[2] ?? ''}${hex[3] ?? ''}` !== '') {
    const digits = `${hex[2] ?? ''}${hex[3] ?? ''}`;
    const shift = Number(hex[4] ?? '0') - 4 * (hex[3] ?? '').length;
    const magnitude = Number(BigInt(`0x${digits}`)) * 2 ** shift;
    const value = hex[1] === '-' ? -magnitude : magnitude;
    return { value, range: !Number.isFinite(value) || (value === 0 && /[1-9a-fA-F]/.test(digits)) };
  }
  return undefined;
}

/** Redis `getDoubleFromObject` (scores, increments): no empty text, no leading space, no NaN, no ERANGE. */
export function parseDouble(text: string): number | undefined {
  if (text === '' || C_SPACE.test(text)) return undefined;
  const parsed = strtod(text);
  if (!parsed || parsed.range || Number.isNaN(parsed.value)) return undefined;
  return parsed.value;
}

/** A score bound of ZRANGEBYSCORE and friends: `(1.5` is exclusive; Redis checks only for NaN and leftovers. */
export function parseScoreBound(text: string): { value: number; exclusive: boolean } | undefined {
  const exclusive = text.startsWith('(');
  const parsed = strtod(exclusive ? text.slice(1) : text);
  if (!parsed || Number.isNaN(parsed.value)) return undefined;
  return { value: parsed.value, exclusive };
}

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

/** The exact decimal digits of a positive finite double, with the power of ten of the first digit. */
function exactDigits(n: number): { digits: string; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let power = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    power = biased - 1075;
  }
  if (power >= 0) {
    const digits = (mantissa << BigInt(power)).toString();
    return { digits, exponent: digits.length - 1 };
  }
  // mantissa / 2^k equals mantissa * 5^k / 10^k: exact, with no floating point involved.
  const digits = (mantissa * 5n ** BigInt(-power)).toString();
  return { digits, exponent: digits.length - 1 + power };
}

/** Rounds a digit string to `precision` significant digits, ties to even, as glibc's printf does. */
function roundDigits(digits: string, exponent: number, precision: number): { digits: string; exponent: number } {
  if (digits.length <= precision) return { digits, exponent };
  const kept = digits.slice(0, precision);
  const rest = digits.slice(precision);
  const first = rest.charCodeAt(0) - 48;
  const tail = /[1-9]/.test(rest.slice(1));
  const lastOdd = (kept.charCodeAt(kept.length - 1) - 48) % 2 === 1;
  const up = first > 5 || (first === 5 && (tail || lastOdd));
  if (!up) return { digits: kept, exponent };
  const bumped = (BigInt(kept) + 1n).toString();
  return bumped.length > precision ? { digits: bumped.slice(0, precision), exponent: exponent + 1 } : { digits: bumped, exponent };
}

/** A double as Redis 7.0 replies it (`%.17g`, with `inf`/`-inf`): 0.1 is "0.10000000000000001". */
export function formatDouble(n: number): string {
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (Number.isNaN(n)) return 'nan';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  if (Number.isSafeInteger(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const exact = exactDigits(Math.abs(n));
  const rounded = roundDigits(exact.digits, exact.exponent, 17);
  const digits = rounded.digits.replace(/0+$/, '') || '0';
  const x = rounded.exponent;
  if (x < -4 || x >= 17) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  }
  if (x < 0) return `${sign}0.${'0'.repeat(-x - 1)}${digits}`;
  if (digits.length <= x + 1) return `${sign}${digits}${'0'.repeat(x + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, x + 1)}.${digits.slice(x + 1)}`;
}
