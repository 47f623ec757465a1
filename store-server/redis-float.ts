// Floating-point numbers as Redis 7.0 reads and writes them for sorted sets: scores, ranges, replies.
// Runtime: Node (store process). Replies must match a real Redis byte for byte (RESP2 `%.17g`).

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INFINITE = /^([+-]?)inf(?:inity)?$/i;

/** C `strtod` over the whole text (decimal and inf forms; hex floats are not accepted here). */
function strtod(text: string): number | undefined {
  const inf = INFINITE.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (!DECIMAL.test(text)) return undefined;
  return Number(text);
}

/**
 * Redis `string2d`, as ZADD reads a score: no leading space, the whole text, not NaN, and no
 * overflow to infinity or underflow to zero (strtod's ERANGE).
 */
export function parseScore(text: string): number | undefined {
  const value = strtod(text);
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) && !INFINITE.test(text)) return undefined;
  if (value === 0 && /[1-9]/.test(text.replace(/[eE].*$/, ''))) return undefined;
  return value;
}

export interface ScoreBound {
  value: number;
  exclusive: boolean;
}

/** Redis `zslParseRangeItem`: `(` makes the bound exclusive; strtod skips leading space, allows overflow. */
export function parseScoreBound(text: string): ScoreBound | undefined {
  const exclusive = text.startsWith('(');
  const body = (exclusive ? text.slice(1) : text).replace(/^[ \t\n\v\f\r]+/, '');
  const value = body === '' ? 0 : strtod(body);
  return value === undefined ? undefined : { value, exclusive };
}

export type LexBound = { kind: 'min' } | { kind: 'max' } | { kind: 'value'; value: string; exclusive: boolean };

/** Redis `zslParseLexRangeItem`: `-`, `+`, `[value` or `(value`. */
export function parseLexBound(text: string): LexBound | undefined {
  if (text === '-') return { kind: 'min' };
  if (text === '+') return { kind: 'max' };
  if (text.startsWith('[')) return { kind: 'value', value: text.slice(1), exclusive: false };
  if (text.startsWith('(')) return { kind: 'value', value: text.slice(1), exclusive: true };
  return undefined;
}

/** A score as Redis 7.0 sends it in RESP2: `%.17g`, `inf`, `-inf`. */
export function formatScore(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential(16).split('e');
  const exponent = Number(exponentText);
  const trim = (digits: string) => (digits.includes('.') ? digits.replace(/0+$/, '').replace(/\.$/, '') : digits);
  if (exponent < -4 || exponent >= 17) {
    const sign = exponent < 0 ? '-' : '+';
    return `${trim(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trim(value.toFixed(16 - exponent));
}

/**
 * Members compare as Redis compares them, byte by byte in UTF-8 (memcmp, then length), which is
 * code point order; plain `<` on JS strings orders UTF-16 units and puts U+E000..U+FFFF after astral characters.
 */
export function compareMembers(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

const codePointRank = (unit: number) => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit);
