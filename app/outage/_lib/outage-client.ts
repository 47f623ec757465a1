// The /outage page's calls: the outage switch, and one timed probe of /api/me per mode. Runtime: browser.
import { api, type ApiAnswer } from '../../_lib/api-client';

export type OutageMode = 'refuse' | 'hang';

export interface OutageStatus {
  mode: OutageMode;
  endsAt: string;
  remainingMs: number;
}

export type OutageState =
  | { available: true; backend: 'memory' | 'redis'; outage: OutageStatus | null; reachable?: boolean }
  | { available: false; reason: string; reachable?: boolean };

export async function readOutage(): Promise<OutageState | undefined> {
  const response = await fetch('/api/admin/store-outage', { credentials: 'omit', cache: 'no-store' }).catch(() => undefined);
  if (!response?.ok) return undefined;
  return (await response.json()) as OutageState;
}

/**
 * As the visitor, with this browser's own cookie: starting a drill is an admin action, and the page
 * signs nobody in for it. Ending a drill sends the end key its start handed out instead, which works
 * whatever the mode or denylist while the store is down.
 */
export async function setOutage(seconds: number, mode: OutageMode, endKey?: string): Promise<ApiAnswer> {
  const response = await fetch('/api/admin/store-outage', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(endKey ? { 'Outage-End-Key': endKey } : {}) },
    body: JSON.stringify({ seconds, mode }),
    credentials: endKey ? 'omit' : 'same-origin',
  });
  const body: unknown = await response.json().catch(() => null);
  const errorCode = (body as { error?: { code?: string } } | null)?.error?.code;
  return { status: response.status, body, serverTiming: response.headers.get('server-timing'), errorCode };
}

export interface Probe {
  /** When it was sent, ms since the epoch. */
  at: number;
  /** Seconds since the outage started. */
  second: number;
  status: number;
  code: string | undefined;
  ms: number;
}

/** One call of /api/me with one bearer credential (a session token or a JWT) and no cookie, timed as the browser sees it. */
export async function probe(token: string, startedAt: number): Promise<Probe> {
  const at = Date.now();
  const started = performance.now();
  const answer = await api.me('jwt', token).catch(() => ({ status: 0, errorCode: 'network_error' }));
  const second = Math.round((at - startedAt) / 1000);
  return { at, second, status: answer.status, code: answer.errorCode, ms: Math.round(performance.now() - started) };
}

/** How one mode went through the outage, in a sentence. */
export function summarize(probes: Probe[], endedAt: number | undefined): string {
  const during = probes.filter((p) => endedAt === undefined || p.at < endedAt);
  if (during.length === 0) return 'watching…';
  const refused = during.filter((p) => p.status !== 200);
  const slowest = Math.max(...during.map((p) => p.ms));
  let text: string;
  if (refused.length === 0) text = `kept working: 200 throughout (slowest ${slowest} ms)`;
  else if (refused.length === during.length) {
    const first = refused[0] as Probe;
    text = `failed closed: ${first.status} ${first.code ?? ''} every time, each within ${slowest} ms`;
  } else text = `${during.length - refused.length} accepted, ${refused.length} refused (slowest ${slowest} ms)`;
  if (endedAt === undefined) return text;
  const back = probes.find((p) => p.at >= endedAt && p.status === 200);
  if (refused.length === 0) return `${text}; still 200 after the store came back`;
  return back
    ? `${text}; 200 again ${Math.max(0, Math.round((back.at - endedAt) / 1000))} s after the store came back, same credential`
    : `${text}; not back yet`;
}
