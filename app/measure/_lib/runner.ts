// Runs a measurement from the browser: sends N requests per mode (interleaved, one at a time) and reads
// each answer's Server-Timing. The JWT is a throwaway member's (POST /api/lab/throwaway) on the header
// transport; the session is this browser's own cookie when it has a working one (read, never replaced),
// else the throwaway's session on the header transport (an opaque id, looked up alike). Nothing here is
// sent with a response's cookies kept, so who you are on `/` is untouched. It never signs in a real
// account and never flips the global denylist switch: it measures the setting as it is. Runtime: browser.
import { authCostOf } from '@/lib/measure/auth-cost';
import { throwawayUser } from '../../_lib/throwaway-client';
import type { Sample } from './results';

/** The JWT denylist as the run found it: measured only when it was already on; the page says so rather than showing a guess. */
export type DenylistOutcome = { state: 'measured' } | { state: 'off' };

export interface RunProgress {
  done: number;
  total: number;
  phase: string;
}

export interface RunResult {
  samples: Sample[];
  /** How the session travelled: this browser's own cookie, or the throwaway's opaque id as a bearer. */
  sessionCarrier: 'cookie' | 'header';
  /** The session's credential header as sent (`Cookie: authlab_session=…` or `Authorization: Bearer sess_…`), in bytes. */
  cookieBytes: number | undefined;
  /** `Authorization: Bearer …`, in bytes. */
  bearerBytes: number | undefined;
  denylist: DenylistOutcome;
  /** The throwaway member the run signed in (`tmp-…`, gone after ten minutes), for the JWT and, without a cookie, the session. */
  username: string;
  errors: string[];
  elapsedMs: number;
}

export interface RunOptions {
  perMode: number;
  signal: AbortSignal;
  onProgress: (progress: RunProgress) => void;
}

const json = { 'Content-Type': 'application/json' };
const byteLength = (text: string) => new TextEncoder().encode(text).length;

async function readError(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `HTTP ${response.status}`;
}

/** One protected request; the sample its Server-Timing describes, or an error line. */
async function measureOnce(init: RequestInit, signal: AbortSignal): Promise<Sample | string> {
  const response = await fetch('/api/me', { ...init, signal, cache: 'no-store' });
  await response.arrayBuffer();
  if (response.status !== 200) return `GET /api/me answered ${response.status}`;
  const cost = authCostOf(response.headers.get('server-timing'));
  if (!cost) return 'an answer had no readable Server-Timing auth metric';
  const { mode, totalMs, parts, roundTrips, unsealCached } = cost;
  return { mode, totalMs, parts, roundTrips, unsealCached };
}

export async function runMeasurement(options: RunOptions): Promise<RunResult> {
  const { perMode, signal, onProgress } = options;
  const started = performance.now();
  const samples: Sample[] = [];
  const errors: string[] = [];
  const record = (result: Sample | string) => {
    if (typeof result === 'string') errors.push(result);
    else samples.push(result);
    if (errors.length > 5) throw new Error(`Stopped after repeated failures: ${errors.at(-1) ?? ''}`);
  };

  onProgress({ done: 0, total: 1, phase: 'Creating a throwaway user (one password hash)…' });
  const { username, password } = await throwawayUser();
  signal.throwIfAborted();
  // This browser's own session cookie, if it has one that works alone: its size from the server (it is HttpOnly), never its value.
  let sessionCarrier: RunResult['sessionCarrier'] = 'header';
  let session: RequestInit = { credentials: 'same-origin' };
  let cookieBytes: number | undefined;
  const own = await fetch('/api/session/inspect', { credentials: 'same-origin', signal, cache: 'no-store' });
  if (own.ok) {
    // A double session id's cookie alone is refused: then the throwaway's session is measured instead.
    const probe = await fetch('/api/me', { credentials: 'same-origin', signal, cache: 'no-store' });
    if (probe.status === 200) {
      sessionCarrier = 'cookie';
      cookieBytes = byteLength('Cookie: ') + ((await own.json()) as { cookie: { bytes: number } }).cookie.bytes;
    }
  }
  const signIns = sessionCarrier === 'cookie' ? 'the JWT (one password check)' : 'both modes (two password checks)';
  onProgress({ done: 0, total: 1, phase: `Signing ${username} in for ${signIns}…` });
  const credentials = (transport: 'header') => JSON.stringify({ username, password, transport });
  // `credentials: 'omit'`: a response's cookies (the refresh cookie) are never stored in this browser.
  const signIn = (path: string) => fetch(path, { method: 'POST', headers: json, body: credentials('header'), credentials: 'omit', signal });
  if (sessionCarrier === 'header') {
    const login = await signIn('/api/session/login');
    if (login.status !== 200) throw new Error(`Session sign-in failed: ${await readError(login)}`);
    const sessionToken = ((await login.json()) as { header_credential: string }).header_credential;
    session = { credentials: 'omit', headers: { Authorization: `Bearer ${sessionToken}` } };
    cookieBytes = byteLength(`Authorization: Bearer ${sessionToken}`);
  }
  const tokenAnswer = await signIn('/api/token');
  if (tokenAnswer.status !== 200) throw new Error(`JWT sign-in failed: ${await readError(tokenAnswer)}`);
  // The access token stays in this function's memory, never in storage.
  const token = ((await tokenAnswer.json()) as { access_token: string }).access_token;
  const bearerBytes = byteLength(`Authorization: Bearer ${token}`);
  const settings = await fetch('/api/settings', { credentials: 'omit', signal, cache: 'no-store' });
  const denylistWasOn = settings.ok ? ((await settings.json()) as { jwtDenylist: boolean }).jwtDenylist : false;

  const bearer: RequestInit = { credentials: 'omit', headers: { Authorization: `Bearer ${token}` } };
  const total = perMode * 2;
  let done = 0;
  const step = (phase: string) => onProgress({ done: ++done, total, phase });

  // Interleaved, so anything else slowing the server down hits both modes alike.
  for (let i = 0; i < perMode; i++) {
    record(await measureOnce(session, signal));
    step('Measuring the session and JWT modes…');
    record(await measureOnce(bearer, signal));
    step('Measuring the session and JWT modes…');
  }

  const denylist: DenylistOutcome = { state: denylistWasOn ? 'measured' : 'off' };
  return { samples, sessionCarrier, cookieBytes, bearerBytes, denylist, username, errors, elapsedMs: performance.now() - started };
}
