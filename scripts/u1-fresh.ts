// The fourth outside check's U1, re-run: attackers sign in correctly as their own throwaway members, each request
// from a loopback address never used before, while (a) a victim with a device cookie and (b) a victim at a
// never-used address without one sign in every few seconds. Runtime: Node, against a running server
// (`BASE`, default http://127.0.0.1:3440, started with THROWAWAY_PER_ADDRESS high enough for the workers).
// Usage: node --import tsx scripts/u1-fresh.ts [seconds=25] [workers=40]; ATTACKER_COOKIES=1 lets every attacker keep its
// own device cookie (then they are trusted too). Prints one JSON line per victim sign-in and a summary. Timings
// on a shared 2-core machine are noisy: read them with the load average printed beside them.
import { loadavg } from 'node:os';
import { postFrom, type PostAnswer } from '../tooling/post-from';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3440';
const SECS = Number(process.argv[2] ?? 25);
const WORKERS = Number(process.argv[3] ?? 40);
const ATTACKER_COOKIES = process.env.ATTACKER_COOKIES === '1';
/** The victim's client gives up after this long (the fourth check used 30 s, then 90 s). */
const VICTIM_TIMEOUT_MS = 90_000;
const net = 10 + Math.floor(Math.random() * 200);
let host = 0;
const fresh = () => {
  host += 1;
  return `127.${net}.${Math.floor(host / 250) % 250}.${(host % 250) + 1}`;
};
const load = () => Math.round(loadavg()[0]! * 10) / 10;
const cookieOf = (a: PostAnswer) => a.setCookie.find((c) => c.startsWith('authlab_device='))?.split(';')[0];

async function throwaway(address: string): Promise<{ username: string; password: string }> {
  const made = await postFrom(BASE, address, '/api/lab/throwaway', {});
  if (made.status !== 201) throw new Error(`throwaway: ${made.status} ${made.code ?? ''} ${made.message ?? ''}`);
  const body = made.body as unknown as { user: { username: string }; password: string };
  return { username: body.user.username, password: body.password };
}

/** Median, 90th percentile and largest of `values`, rounded to ms. */
const percentiles = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
  return { n: sorted.length, p50: at(0.5), p90: at(0.9), max: at(1) };
};

const withTimeout = (p: Promise<PostAnswer>, ms: number) =>
  Promise.race([
    p,
    new Promise<PostAnswer>((resolve) => setTimeout(() => resolve({ status: 0, ms, code: 'client_timeout' } as PostAnswer), ms)),
  ]);

async function main() {
  // Every account is made from addresses nobody signs in from: the victims' own addresses have done no hashing.
  const maker = `127.${net}.250.1`;
  const attackers = [];
  for (let i = 0; i < WORKERS; i += 1) attackers.push(await throwaway(maker));
  const withDevice = await throwaway(maker);
  const atNewAddress = await throwaway(maker);
  // (a) signs in once, alone, to get its device cookie; then it moves (a new address for every sign-in).
  const first = await postFrom(BASE, fresh(), '/api/token', withDevice);
  let device = cookieOf(first);
  if (first.status !== 200 || !device) throw new Error(`first sign-in of (a): ${first.status}`);
  const alone = await postFrom(BASE, fresh(), '/api/token', withDevice, { Cookie: device });
  console.log(JSON.stringify({ phase: 'alone', who: 'a-device', status: alone.status, ms: Math.round(alone.ms), load: load() }));

  const attackerOutcomes = new Map<string, number>();
  /** Each attacker sign-in's time to answer (ms): the wait any fresh address had, to set the victims' beside. */
  const attackerMs: number[] = [];
  const started = Date.now();
  const stopAt = started + SECS * 1000;
  const workers = attackers.map(async (account) => {
    let cookie: string | undefined;
    while (Date.now() < stopAt) {
      const answer = await postFrom(BASE, fresh(), '/api/token', account, ATTACKER_COOKIES && cookie ? { Cookie: cookie } : {});
      if (ATTACKER_COOKIES) cookie = cookieOf(answer) ?? cookie;
      if (answer.status === 200) attackerMs.push(answer.ms);
      const key = `${answer.status}${answer.code ? ` ${answer.code}` : ''}${answer.status === 429 ? ` RA=${answer.retryAfter}` : ''}`;
      attackerOutcomes.set(key, (attackerOutcomes.get(key) ?? 0) + 1);
    }
  });
  const victims: Array<Promise<void>> = [];
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // (b) one never-used address, every 4 s from 5 s on (the fourth check's victim 127.0.9.9).
  const victimAddress = `127.${net}.251.9`;
  const rows: Array<Record<string, unknown>> = [];
  const victimLoop = async (who: string, offsetMs: number, send: () => Promise<PostAnswer>) => {
    await wait(offsetMs);
    while (Date.now() < stopAt - 1_000) {
      const at = Date.now() - started;
      const p = withTimeout(send(), VICTIM_TIMEOUT_MS).then((answer) => {
        const row = { phase: 'during', who, at, status: answer.status, code: answer.code, ms: Math.round(answer.ms), load: load() };
        rows.push(row);
        console.log(JSON.stringify(row));
      });
      victims.push(p);
      await wait(4_000);
    }
  };
  await Promise.all([
    victimLoop('a-device', 3_000, async () => {
      const answer = await postFrom(BASE, fresh(), '/api/token', withDevice, { Cookie: device! });
      device = cookieOf(answer) ?? device;
      return answer;
    }),
    victimLoop('b-new-address', 5_000, () => postFrom(BASE, victimAddress, '/api/token', atNewAddress)),
    ...workers,
  ]);
  await Promise.all(victims);
  const after = await postFrom(BASE, victimAddress, '/api/token', atNewAddress);
  console.log(JSON.stringify({ phase: 'after', who: 'b-new-address', status: after.status, ms: Math.round(after.ms), load: load() }));
  const summary = (who: string) => {
    const mine = rows.filter((r) => r.who === who);
    const ms = mine.filter((r) => r.status === 200).map((r) => r.ms as number);
    return {
      n: mine.length,
      ok: ms.length,
      other: mine.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.code ?? ''}`),
      minMs: Math.min(...ms),
      maxMs: Math.max(...ms),
    };
  };
  console.log(
    JSON.stringify({
      summary: { seconds: SECS, workers: WORKERS, attackerCookies: ATTACKER_COOKIES, freshAddressesUsed: host },
      attackers: Object.fromEntries(attackerOutcomes),
      attackerMs: percentiles(attackerMs),
      aDevice: summary('a-device'),
      bNewAddress: summary('b-new-address'),
      load: load(),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
