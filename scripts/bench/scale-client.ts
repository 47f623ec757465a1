// What the scale bench sends: sessions as lib/auth/session.ts writes them, and a small REST client.
// Runtime: Node (tsx), main thread and the traffic worker alike.
import { createHash, randomBytes } from 'node:crypto';

const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
const SESSIONS_PER_USER = 4;

export const sessionHash = (i: number) => createHash('sha256').update(`bench-session-${i}`).digest('base64url');
const userOf = (i: number) => `bench-user-${Math.floor(i / SESSIONS_PER_USER)}`;

/** The record createSession writes (lib/auth/session.ts), with realistic field sizes. */
function record(i: number, now: number): string {
  return JSON.stringify({
    v: 1,
    id: randomBytes(9).toString('base64url'),
    userId: userOf(i),
    username: userOf(i),
    role: 'member',
    createdAt: now,
    idleTtl: 1800,
    absoluteTtl: 604_800,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  });
}

export function signInCommands(i: number, now: number): string[][] {
  const hash = sessionHash(i);
  const set = `user:${userOf(i)}:sessions`;
  return [
    ['SET', `sess:${hash}`, record(i, now), 'PX', String(SESSION_TTL_MS)],
    ['SET', `sess:${hash}:seen`, String(now), 'PX', String(SESSION_TTL_MS)],
    ['SADD', set, hash],
    ['PEXPIRE', set, String(SESSION_TTL_MS), 'NX'],
    ['PEXPIRE', set, String(SESSION_TTL_MS), 'GT'],
  ];
}

export class StoreClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async send(path: '/' | '/pipeline' | '/multi-exec', body: unknown): Promise<{ ok: boolean; ms: number; data: unknown }> {
    const started = performance.now();
    try {
      const res = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const data = (await res.json()) as unknown;
      return { ok: res.status === 200, ms: performance.now() - started, data };
    } catch (error) {
      return { ok: false, ms: performance.now() - started, data: String(error) };
    }
  }

  /** DBSIZE, retried for a while: after Redis restarts, the store's connection to it comes back on its own schedule. */
  async dbsize(): Promise<number> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { ok, data } = await this.send('/', ['DBSIZE']);
      if (ok) return (data as { result: number }).result;
      if (Date.now() > deadline) throw new Error(`DBSIZE failed: ${JSON.stringify(data)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
