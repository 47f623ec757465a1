// Runs a measurement from the browser: signs in its own credentials in both modes, sends N requests
// per mode (interleaved, one at a time) and reads each answer's Server-Timing. Runtime: browser.
import { demoCredentials, type DemoUsername } from '@/lib/auth/demo-accounts';
import { authCostOf } from '@/lib/measure/auth-cost';
import type { Sample } from './results';

export type Username = DemoUsername;

/** What became of the JWT-with-denylist measurement; the page says so rather than showing a guess. */
export type DenylistOutcome =
  | { state: 'measured'; switchedOn: boolean; restored: boolean }
  | { state: 'not-requested' }
  | { state: 'not-admin' }
  | { state: 'failed'; message: string };

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
  /** Whether the denylist was already on (for every instance) before the run. */
  denylistWasOn: boolean;
  errors: string[];
  elapsedMs: number;
}

export interface RunOptions {
  username: Username;
  perMode: number;
  withDenylist: boolean;
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

  onProgress({ done: 0, total: 1, phase: `Signing in as ${options.username} in both modes…` });
  const credentials = JSON.stringify(demoCredentials(options.username));
  const login = await fetch('/api/session/login', { method: 'POST', headers: json, body: credentials, credentials: 'same-origin', signal });
  if (login.status !== 200) throw new Error(`Session sign-in failed: ${await readError(login)}`);
  const tokenAnswer = await fetch('/api/token', { method: 'POST', headers: json, body: credentials, credentials: 'same-origin', signal });
  if (tokenAnswer.status !== 200) throw new Error(`JWT sign-in failed: ${await readError(tokenAnswer)}`);
  // The access token stays in this function's memory, never in storage.
  const token = ((await tokenAnswer.json()) as { access_token: string }).access_token;
  const role = ((await login.json()) as { user: { role: string } }).user.role;

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
  const switchOn = options.withDenylist && role === 'admin' && !denylistWasOn;
  const total = perMode * 2 + (switchOn ? perMode : 0);
  let done = 0;
  const step = (phase: string) => onProgress({ done: ++done, total, phase });

  // Interleaved, so anything else slowing the server down hits both modes alike.
  for (let i = 0; i < perMode; i++) {
    record(await measureOnce(session, signal));
    step('Measuring the session and JWT modes…');
    record(await measureOnce(bearer, signal));
    step('Measuring the session and JWT modes…');
  }

  let denylist: DenylistOutcome = denylistWasOn
    ? { state: 'measured', switchedOn: false, restored: true }
    : role !== 'admin'
      ? { state: 'not-admin' }
      : !options.withDenylist
        ? { state: 'not-requested' }
        : { state: 'measured', switchedOn: true, restored: false };
  if (switchOn) {
    const flip = (enabled: boolean) =>
      fetch('/api/settings', {
        method: 'PATCH',
        headers: { ...json, Authorization: `Bearer ${token}` },
        body: JSON.stringify({ jwtDenylist: enabled }),
        credentials: 'omit',
      });
    const on = await flip(true);
    if (!on.ok) {
      denylist = { state: 'failed', message: `switching the denylist on failed: ${await readError(on)}` };
    } else {
      try {
        // Each server process re-reads the switch at most once a second: wait until answers show it.
        const deadline = Date.now() + 5_000;
        let seen = false;
        while (!seen && Date.now() < deadline) {
          const probe = await measureOnce(bearer, signal);
          seen = typeof probe !== 'string' && probe.mode === 'jwt+denylist';
          if (!seen) await new Promise((r) => setTimeout(r, 150));
        }
        if (!seen) throw new Error('the server did not start checking the denylist within 5 s');
        for (let i = 0; i < perMode; i++) {
          record(await measureOnce(bearer, signal));
          step('Measuring JWT with the denylist on…');
        }
      } catch (error) {
        denylist = { state: 'failed', message: error instanceof Error ? error.message : String(error) };
      } finally {
        // Always put the global switch back, even when the run failed or was stopped.
        const off = await flip(false).catch(() => undefined);
        if (denylist.state === 'measured') denylist = { ...denylist, restored: off?.ok === true };
      }
    }
  }
  return { samples, cookieBytes, bearerBytes, denylist, denylistWasOn, errors, elapsedMs: performance.now() - started };
}
