// The transport matrix, attacked: the server plays one cell (what a credential is × where it travels)
// over real HTTP to itself, as a throwaway member, playing the victim's browser, its page and the attacker. Runtime: Node.
import 'server-only';

import { authCostOf } from '../measure/auth-cost';
import {
  answerOf,
  bodyCredential,
  bytesOutcome,
  csrfOutcome,
  exfiltrationOutcome,
  jarOf,
  lookupsOutcome,
  pageHeaders,
  readableByScript,
  replayOutcome,
  ridingOutcome,
  credentialCookiesFor,
  type Evidence,
  type Held,
  type MatrixCell,
  type MatrixRow,
} from './matrix-outcomes';
import type { LabCredentials } from './attacks';
import { CELL_COOKIE, DEVICE_COOKIE } from '../http/cookie-names';

const FOREIGN = 'https://evil.example';
const SIGN_IN = { session: '/api/session/login', jwt: '/api/token' } as const;
const SIGN_OUT = { session: '/api/session/logout', jwt: '/api/token/revoke' } as const;

interface Sent {
  method: string;
  path: string;
  cookie: string;
  authorization?: string;
  origin?: string;
  json?: unknown;
  /** How the evidence line names what was sent. */
  label: string;
}

async function sendWith(
  base: string,
  s: Sent,
  fetchImpl: typeof fetch,
): Promise<{ response: Response; body: unknown; evidence: Evidence }> {
  // Every request names its Cookie header itself (an empty one too): only what this cell's browser would attach.
  const headers: Record<string, string> = { Accept: 'application/json', Cookie: s.cookie };
  if (s.authorization) headers.Authorization = s.authorization;
  if (s.origin) headers.Origin = s.origin;
  if (s.json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetchImpl(`${base}${s.path}`, {
    method: s.method,
    headers,
    ...(s.json !== undefined ? { body: JSON.stringify(s.json) } : {}),
    redirect: 'manual',
  });
  const body: unknown = await response.json().catch(() => null);
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  const evidence: Evidence = { request: `${s.method} ${s.path} (${s.label})`, status: response.status };
  if (typeof code === 'string') evidence.code = code;
  return { response, body, evidence };
}

const sentWith = (headers: { cookie: string; authorization?: string }) =>
  [
    headers.cookie
      ? `Cookie: ${headers.cookie
          .split('; ')
          .map((c) => c.split('=')[0])
          .join(', ')}`
      : 'no Cookie',
    headers.authorization ? 'Authorization: Bearer' : 'no Authorization',
  ].join('; ');

/**
 * Plays one cell against `base` (the app's own loopback address, never one taken from a request) as
 * the throwaway `user`, its requests sent with `fetchImpl` (lib/lab/lab-peer.ts `labFetch`: as the visitor).
 * The JWT denylist switch is read (GET /api/settings), never changed.
 */
export async function playMatrixCell(
  base: string,
  cell: MatrixCell,
  user: LabCredentials,
  fetchImpl: typeof fetch = fetch,
): Promise<MatrixRow> {
  const own = base;
  const send = (to: string, s: Sent) => sendWith(to, s, fetchImpl);
  const signIn = await send(base, {
    method: 'POST',
    path: SIGN_IN[cell.mode],
    cookie: '',
    json: { ...user, transport: cell.transport },
    origin: own,
    label: `transport: ${cell.transport}`,
  });
  if (signIn.response.status !== 200) throw new Error(`${signIn.evidence.request} answered ${answerOf(signIn.evidence)}`);
  const bearer = bodyCredential(signIn.body);
  // Neither the sign-in marker (authlab_cell: it only orders cells held side by side) nor the device cookie
  // (authlab_device: it only speeds this browser's next sign-in) is a credential; each cell here has a jar of its
  // own, so the jar keeps the credential alone and its bytes are the credential's.
  const notCredential = new Set([CELL_COOKIE, DEVICE_COOKIE]);
  const jar = jarOf(signIn.response.headers.getSetCookie()).filter((c) => !notCredential.has(c.name.replace(/^__(Host|Secure)-/, '')));
  const held: Held = { jar, ...(bearer ? { bearer } : {}) };

  // (a) What an injected script reads, replayed alone from another machine: no cookie of the victim's.
  const readable = readableByScript(held);
  const stolenCookie = readable.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const replayStolen =
    readable.bearer || stolenCookie
      ? await send(base, {
          method: 'GET',
          path: '/api/me',
          cookie: stolenCookie,
          ...(readable.bearer ? { authorization: `Bearer ${readable.bearer}` } : {}),
          label: 'from elsewhere, with only what the script read',
        })
      : undefined;

  // (b) The script rides the page: same origin, with what the page holds and the cookies the browser attaches.
  const ridden = pageHeaders(held, '/api/me');
  const ride = await send(base, { method: 'GET', path: '/api/me', ...ridden, label: `from the page: ${sentWith(ridden)}` });

  // (c) Another site's form or fetch: the browser attaches cookies by path, never the page's header.
  const settings = await send(base, { method: 'GET', path: '/api/settings', cookie: '', label: 'no credential' });
  const denylist = (settings.body as { jwtDenylist?: unknown } | null)?.jwtDenylist === true;
  const attachedCookie = pageHeaders({ jar: held.jar }, '/api/settings').cookie;
  const attached = credentialCookiesFor(held.jar, '/api/settings');
  // The value sent is the one in force: even a request that got through would change nothing (and a member may not).
  const forged = await send(base, {
    method: 'PATCH',
    path: '/api/settings',
    cookie: attachedCookie,
    origin: FOREIGN,
    json: { jwtDenylist: denylist },
    label: `Origin: ${FOREIGN}; ${attachedCookie ? 'Cookie only' : 'no Cookie'}; no Authorization`,
  });
  const after = await send(base, { method: 'GET', path: '/api/me', ...ridden, label: 'the victim, afterwards' });

  // (d) The cell's own sign-out, then the copy an attacker captured before it.
  const out = pageHeaders(held, SIGN_OUT[cell.mode]);
  const signOut = await send(base, { method: 'POST', path: SIGN_OUT[cell.mode], ...out, origin: own, label: `sign-out: ${sentWith(out)}` });
  const replay = await send(base, { method: 'GET', path: '/api/me', ...ridden, label: 'the captured copy, after sign-out' });
  const denylistStep: Evidence[] =
    cell.mode === 'jwt' ? [{ ...settings.evidence, request: `GET /api/settings: jwtDenylist ${denylist} (read, never changed)` }] : [];

  const cost = authCostOf(ride.response.headers.get('server-timing'));
  const identity = (ride.body as { user?: { username?: unknown } } | null)?.user?.username;
  return {
    ...cell,
    user: user.username,
    outcomes: {
      exfiltration: exfiltrationOutcome(readable, replayStolen?.evidence),
      riding: ridingOutcome(ride.evidence, typeof identity === 'string' ? identity : user.username),
      csrf: csrfOutcome(attached, forged.evidence, after.evidence),
      replay: replayOutcome(cell.mode, denylist, [signIn.evidence, ...denylistStep, signOut.evidence], replay.evidence),
      bytes: bytesOutcome(ridden, 'GET /api/me from the page'),
      lookups: lookupsOutcome(cost?.roundTrips, ride.response.headers.get('server-timing'), 'GET /api/me from the page'),
    },
  };
}
