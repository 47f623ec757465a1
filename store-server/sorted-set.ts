// A sorted set as Redis orders it: by score, then by member bytes; ranks, score and lex ranges.
// Runtime: Node (store process). Sorted lazily: session-sized sets are small, reads follow writes.

export interface ScoredMember {
  member: string;
  score: number;
}

export interface ScoreRange {
  min: number;
  max: number;
  minExclusive: boolean;
  maxExclusive: boolean;
}

/** `-` and `+` are the open ends; otherwise an inclusive or exclusive member. */
export type LexBound = { kind: 'min' } | { kind: 'max' } | { kind: 'value'; value: string; exclusive: boolean };

/**
 * Compares strings by their UTF-8 bytes, as Redis's memcmp does. UTF-16 order differs only for
 * astral characters (surrogates) against U+E000..U+FFFF, so those two bands swap places.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const rank = (u: number) => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u);
      return rank(x) < rank(y) ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

function compareScored(a: ScoredMember, b: ScoredMember): number {
  if (a.score < b.score) return -1;
  if (a.score > b.score) return 1;
  return compareBytes(a.member, b.member);
}

export function inScoreRange(score: number, range: ScoreRange): boolean {
  const aboveMin = range.minExclusive ? score > range.min : score >= range.min;
  const belowMax = range.maxExclusive ? score < range.max : score <= range.max;
  return aboveMin && belowMax;
}

function aboveLexMin(member: string, bound: LexBound): boolean {
  if (bound.kind === 'min') return true;
  if (bound.kind === 'max') return false;
  const c = compareBytes(member, bound.value);
  return bound.exclusive ? c > 0 : c >= 0;
}

function belowLexMax(member: string, bound: LexBound): boolean {
  if (bound.kind === 'max') return true;
  if (bound.kind === 'min') return false;
  const c = compareBytes(member, bound.value);
  return bound.exclusive ? c < 0 : c <= 0;
}

export class SortedSet {
  private readonly scores = new Map<string, number>();
  private ordered: ScoredMember[] | undefined;

  get size(): number {
    return this.scores.size;
  }

  score(member: string): number | undefined {
    return this.scores.get(member);
  }

  set(member: string, score: number): void {
    // Redis keeps no negative zero in small sets: ZADD z -0 m answers "0" from ZSCORE.
    this.scores.set(member, score === 0 ? 0 : score);
    this.ordered = undefined;
  }

  delete(member: string): boolean {
    const deleted = this.scores.delete(member);
    if (deleted) this.ordered = undefined;
    return deleted;
  }

  /** All members, lowest score first. The array is shared: callers must not change it. */
  entries(): readonly ScoredMember[] {
    if (!this.ordered) {
      this.ordered = [...this.scores].map(([member, score]) => ({ member, score })).sort(compareScored);
    }
    return this.ordered;
  }

  byScore(range: ScoreRange): ScoredMember[] {
    return this.entries().filter((e) => inScoreRange(e.score, range));
  }

  /**
   * A lex range walked as Redis walks a small (listpack) set: from the first member at or past
   * the start bound, onwards while members stay within the end bound. With equal scores that is
   * the plain range; with mixed scores Redis leaves the answer unspecified, and this matches it.
   */
  byLex(min: LexBound, max: LexBound, reverse: boolean): ScoredMember[] {
    const all = this.entries();
    const first = all[0];
    const last = all[all.length - 1];
    const order = compareLexBounds(min, max);
    const empty = order > 0 || (order === 0 && (isExclusive(min) || isExclusive(max)));
    if (!first || !last || empty || !aboveLexMin(last.member, min) || !belowLexMax(first.member, max)) return [];
    const walk = reverse ? [...all].reverse() : all;
    const starts = (m: string) => (reverse ? belowLexMax(m, max) : aboveLexMin(m, min));
    const stays = (m: string) => (reverse ? aboveLexMin(m, min) : belowLexMax(m, max));
    const start = walk.findIndex((e) => starts(e.member));
    const out: ScoredMember[] = [];
    if (start < 0 || !stays(walk[start]?.member ?? '')) return out;
    for (let i = start; i < walk.length; i++) {
      const e = walk[i];
      if (!e || !stays(e.member)) break;
      out.push(e);
    }
    return out;
  }
}

const isExclusive = (bound: LexBound) => bound.kind === 'value' && bound.exclusive;

/** Redis's `sdscmplex`: `-` sorts before every member, `+` after. */
function compareLexBounds(a: LexBound, b: LexBound): number {
  const rank = (x: LexBound) => (x.kind === 'min' ? 0 : x.kind === 'value' ? 1 : 2);
  if (a.kind === 'value' && b.kind === 'value') return compareBytes(a.value, b.value);
  return rank(a) - rank(b);
}
