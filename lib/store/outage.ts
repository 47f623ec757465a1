// The app's side of the built-in store's outage switch: read it, start an outage, end it early.
// Runtime: Node (route handlers, the /outage page). A real Upstash has no such switch: "unavailable".
import 'server-only';
import { getConfig } from '../config';
import { AuthError, storeUnavailable } from '../http/errors';
import { OUTAGE_PATH, OutageReplySchema, type OutageMode, type OutageStatus } from './outage-protocol';

export type OutageState =
  { available: true; backend: 'memory' | 'redis'; outage: OutageStatus | null } | { available: false; reason: string };

const NOT_BUILT_IN =
  'The outage switch exists only in the built-in store; this app is configured with an external Upstash-compatible store.';

type Reply =
  { kind: 'ok'; backend: 'memory' | 'redis'; outage: OutageStatus | null } | { kind: 'foreign' } | { kind: 'unreachable'; error: unknown };

/** One call to the switch, on the app's own store URL and token, within the store's time budget. */
async function callSwitch(init: { method: 'GET' } | { method: 'POST'; body: string }): Promise<Reply> {
  const { store } = getConfig();
  let response: Response;
  try {
    response = await fetch(`${store.url.replace(/\/+$/, '')}${OUTAGE_PATH}`, {
      ...init,
      headers: { Authorization: `Bearer ${store.token}`, 'Content-Type': 'application/json' },
      signal: AbortSignal.timeout(store.timeoutMs),
      cache: 'no-store',
    });
  } catch (error) {
    return { kind: 'unreachable', error };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  const parsed = OutageReplySchema.safeParse(json);
  // Anything but the switch's own answer (Upstash's 404 or 401, a proxy's page) means there is no switch.
  if (!response.ok || !parsed.success) return { kind: 'foreign' };
  return { kind: 'ok', backend: parsed.data.backend, outage: parsed.data.outage };
}

/** Whether the switch exists and what it says. A store that doesn't answer at all is reported, not thrown. */
export async function readOutage(): Promise<OutageState & { reachable: boolean }> {
  const reply = await callSwitch({ method: 'GET' });
  if (reply.kind === 'ok') return { available: true, backend: reply.backend, outage: reply.outage, reachable: true };
  if (reply.kind === 'foreign') return { available: false, reason: NOT_BUILT_IN, reachable: true };
  return { available: false, reason: 'The store is not answering at all: is its process running?', reachable: false };
}

/** Starts an outage of `seconds` (0 ends one). 409 without the built-in store, 503 when it can't be reached. */
export async function setOutage(seconds: number, mode: OutageMode): Promise<OutageState> {
  const reply = await callSwitch({ method: 'POST', body: JSON.stringify({ seconds, mode }) });
  if (reply.kind === 'foreign') throw new AuthError('conflict', NOT_BUILT_IN);
  if (reply.kind === 'unreachable') throw storeUnavailable(reply.error);
  return { available: true, backend: reply.backend, outage: reply.outage };
}
