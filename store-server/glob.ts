// Redis glob patterns (SCAN MATCH): `*`, `?`, `[a-z]`, `[^x]`, `\` escapes, over UTF-8 bytes.
// Runtime: Node (store process). A port of Redis's `stringmatchlen`, quirks included.

/** C `char` is signed on the platforms Redis runs on; ranges compare bytes that way. */
const signed = (byte: number) => (byte >= 128 ? byte - 256 : byte);

function match(p: Uint8Array, pi: number, s: Uint8Array, si: number, state: { giveUp: boolean }): boolean {
  let plen = p.length - pi;
  let slen = s.length - si;
  while (plen > 0 && slen > 0) {
    switch (p[pi]) {
      case 0x2a /* * */: {
        while (plen > 1 && p[pi + 1] === 0x2a) {
          pi++;
          plen--;
        }
        if (plen === 1) return true;
        while (slen > 0) {
          if (match(p, pi + 1, s, si, state)) return true;
          // A failed tail match after a star can't succeed with a later start either.
          if (state.giveUp) return false;
          si++;
          slen--;
        }
        state.giveUp = true;
        return false;
      }
      case 0x3f /* ? */:
        si++;
        slen--;
        break;
      case 0x5b /* [ */: {
        pi++;
        plen--;
        const not = p[pi] === 0x5e; /* ^ */
        if (not) {
          pi++;
          plen--;
        }
        let matched = false;
        for (;;) {
          if (p[pi] === 0x5c /* \ */ && plen >= 2) {
            pi++;
            plen--;
            if (p[pi] === s[si]) matched = true;
          } else if (p[pi] === 0x5d /* ] */) {
            break;
          } else if (plen === 0) {
            pi--;
            plen++;
            break;
          } else if (plen >= 3 && p[pi + 1] === 0x2d /* - */) {
            let start = signed(p[pi] ?? 0);
            let end = signed(p[pi + 2] ?? 0);
            const c = signed(s[si] ?? 0);
            if (start > end) [start, end] = [end, start];
            pi += 2;
            plen -= 2;
            if (c >= start && c <= end) matched = true;
          } else if (p[pi] === s[si]) {
            matched = true;
          }
          pi++;
          plen--;
        }
        if (not) matched = !matched;
        if (!matched) return false;
        si++;
        slen--;
        break;
      }
      case 0x5c /* \ */:
        if (plen >= 2) {
          pi++;
          plen--;
        }
        if (p[pi] !== s[si]) return false;
        si++;
        slen--;
        break;
      default:
        if (p[pi] !== s[si]) return false;
        si++;
        slen--;
        break;
    }
    pi++;
    plen--;
    if (slen === 0) {
      while (plen > 0 && p[pi] === 0x2a) {
        pi++;
        plen--;
      }
      break;
    }
  }
  return plen === 0 && slen === 0;
}

/** A compiled pattern; `*` alone matches everything without looking at the key. */
export function globMatcher(pattern: string): (key: string) => boolean {
  if (pattern === '*') return () => true;
  const p = Buffer.from(pattern, 'utf8');
  return (key) => match(p, 0, Buffer.from(key, 'utf8'), 0, { giveUp: false });
}
