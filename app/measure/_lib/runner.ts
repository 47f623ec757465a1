// Runs a measurement from the browser: signs a throwaway user (POST /api/lab/throwaway) in in both
// modes, sends N requests per mode (interleaved, one at a time) and reads each answer's Server-Timing.
// It never signs in a real account and never flips the global denylist switch: it measures the setting
// as it is. Runtime: browser.
import { authCostOf } from '@/lib/measure/auth-cost';
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
  /** `Cookie: authlab_session=…` as the browser sends it, in bytes. */
  cookieBytes: number | undefined;
  /** `Authorization: Bearer …`, in bytes. */
  bearerBytes: number | undefined;
  denylist: DenylistOutcome;
  /** The throwaway member the run signed in (`tmp-…`, gone after ten minutes). */
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
  const throwaway = await fetch('/api/lab/throwaway', { method: 'POST', credentials: 'same-origin', signal });
  if (throwaway.status !== 201) throw new Error(`Creating a throwaway user failed: ${await readError(throwaway)}`);
  const account = (await throwaway.json()) as { user: { username: string }; password: string };
  const username = account.user.username;
  onProgress({ done: 0, total: 1, phase: `Signing ${username} in in both modes (two password checks)…` });
  const credentials = JSON.stringify({ username, password: account.password });
  const login = await fetch('/api/session/login', { method: 'POST', headers: json, body: credentials, credentials: 'same-origin', signal });
  if (login.status !== 200) throw new Error(`Session sign-in failed: ${await readError(login)}`);
  const tokenAnswer = await fetch('/api/token', { method: 'POST', headers: json, body: credentials, credentials: 'same-origin', signal });
  if (tokenAnswer.status !== 200) throw new Error(`JWT sign-in failed: ${await readError(tokenAnswer)}`);
  // The access token stays in this function's memory, never in storage.
  const token = ((await tokenAnswer.json()) as { access_token: string }).access_token;

  // The cookie is HttpOnly: the server reports its size (never its value).
  const inspect = await fetch('/api/session/inspect', { credentials: 'same-origin', signal, cache: 'no-store' });
  const cookieBytes = inspect.ok
    ? byteLength('Cookie: ') + ((await inspect.json()) as { cookie: { bytes: number } }).cookie.bytes
    : undefined;
  const bearerBytes = byteLength(`Authorization: Bearer ${token}`);
  const settings = await fetch('/api/settings', { credentials: 'omit', signal, cache: 'no-store' });
  const denylistWasOn = settings.ok ? ((await settings.json()) as { jwtDenylist: boolean }).jwtDenylist : false;

  const session: RequestInit = { credentials: 'same-origin' };
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
  return { samples, cookieBytes, bearerBytes, denylist, username, errors, elapsedMs: performance.now() - started };
}
