// `npm run bench -- --claims`: the Learn page's claims, measured by the same definitions the page runs
// (lib/measure/claims.ts), against the bench's own instance, as a throwaway member. Runtime: Node (tsx).
import { MEASURED_CLAIMS, measureClaim, type ClaimResult } from '../../lib/measure/claims';

/** A throwaway member from the instance itself, as the Learn page gets one. */
async function throwaway(base: string): Promise<{ username: string; password: string }> {
  const response = await fetch(`${base}/api/lab/throwaway`, { method: 'POST' });
  if (response.status !== 201) throw new Error(`POST /api/lab/throwaway answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { user: { username: string }; password: string };
  return { username: body.user.username, password: body.password };
}

const number = (value: number) => (Number.isInteger(value) ? String(value) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** One line per figure, `claim | figure | value | how`, as a Markdown table. */
export function claimsTable(results: readonly ClaimResult[]): string {
  const lines = ['| claim | figure | value | how it was read |', '|---|---|---:|---|'];
  for (const r of results) {
    for (const f of r.figures) {
      const cell = (text: string) => text.replace(/\|/g, '\\|');
      lines.push(`| ${r.claim} | ${cell(f.label)} | ${number(f.value)}${f.unit ? ` ${f.unit}` : ''} | ${cell(f.detail ?? '')} |`);
    }
  }
  return lines.join('\n');
}

/** Every claim, in the page's order, against `base`. */
export async function runClaims(base: string, say: (line: string) => void): Promise<ClaimResult[]> {
  const user = await throwaway(base);
  const results: ClaimResult[] = [];
  for (const [i, claim] of MEASURED_CLAIMS.entries()) {
    say(`measuring ${i + 1} of ${MEASURED_CLAIMS.length}: ${claim}…`);
    results.push(await measureClaim(claim, { base, user }));
  }
  return results;
}
