// The transport matrix, attacked: the six cells, a browser's cookie jar by hand, and how each measured
// answer becomes a verdict. Pure (no I/O), so it is unit-tested; lib/lab/transport-matrix.ts plays it. Runtime: any.

export type MatrixMode = 'session' | 'jwt';
export type MatrixTransport = 'cookie' | 'header' | 'both';

export interface MatrixCell {
  mode: MatrixMode;
  transport: MatrixTransport;
}

export const MATRIX_CELLS: readonly MatrixCell[] = [
  { mode: 'session', transport: 'cookie' },
  { mode: 'session', transport: 'header' },
  { mode: 'session', transport: 'both' },
  { mode: 'jwt', transport: 'cookie' },
  { mode: 'jwt', transport: 'header' },
  { mode: 'jwt', transport: 'both' },
];

/** One line of evidence: a request and its answer, or (without a status) something observed. */
export interface Evidence {
  request: string;
  status?: number;
  code?: string;
}

/** `blocked` ✓, `through` ✗ (the attack worked), `measure` a figure with no verdict. */
export type Verdict = 'blocked' | 'through' | 'measure';

export interface MatrixOutcome {
  verdict: Verdict;
  /** The outcome in a few words, the figure or answer included. */
  text: string;
  evidence: Evidence[];
}

export const MATRIX_COLUMNS = ['exfiltration', 'riding', 'csrf', 'replay', 'bytes', 'lookups'] as const;
export type MatrixColumn = (typeof MATRIX_COLUMNS)[number];

export interface MatrixRow extends MatrixCell {
  /** Who played the victim: a throwaway member, never a real account. */
  user: string;
  outcomes: Record<MatrixColumn, MatrixOutcome>;
}

/** A cookie as a `Set-Cookie` header set it: what the browser keeps, and whether a script may read it. */
export interface JarCookie {
  name: string;
  value: string;
  path: string;
  httpOnly: boolean;
}

/** Parses `Set-Cookie` headers into the jar a browser would keep (cleared cookies, Max-Age=0, dropped). */
export function jarOf(setCookies: readonly string[]): JarCookie[] {
  const jar = new Map<string, JarCookie>();
  for (const header of setCookies) {
    const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq);
    const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const cleared = attr('max-age') === '0';
    const path = attr('path') ?? '/';
    const key = `${name};${path}`;
    if (cleared) {
      jar.delete(key);
      continue;
    }
    jar.set(key, { name, value: pair.slice(eq + 1), path, httpOnly: attributes.some((a) => a.toLowerCase() === 'httponly') });
  }
  return [...jar.values()];
}

/** RFC 6265 path-match: the cookie's Path is the request path, or a prefix of it ending at a `/`. */
export function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (cookiePath === requestPath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** The `Cookie` header a browser attaches to a request for `path`: longer Paths first, as browsers order them. */
export function cookieHeaderFor(jar: readonly JarCookie[], path: string): string {
  return jar
    .filter((c) => pathMatches(c.path, path))
    .sort((a, b) => b.path.length - a.path.length)
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

/** The cookies that carry a cell's access credential (the refresh cookie is JWT mode's in every cell). */
export const CREDENTIAL_COOKIES: readonly string[] = ['authlab_session', 'authlab_session_both', 'authlab_access', 'authlab_access_sig'];
const isCredentialCookie = (name: string) => CREDENTIAL_COOKIES.includes(name.replace(/^__Host-/, ''));

/** The names of the credential cookies a browser attaches to a request for `path` by itself (another site's too). */
export function credentialCookiesFor(jar: readonly JarCookie[], path: string): string[] {
  return jar.filter((c) => isCredentialCookie(c.name) && pathMatches(c.path, path)).map((c) => c.name);
}

/** The credential a sign-in's body hands the page's script, if any: the whole bearer value or its header half. */
export function bodyCredential(body: unknown): string | undefined {
  const b = body as { header_credential?: unknown; access_token?: unknown } | null;
  if (typeof b?.header_credential === 'string') return b.header_credential;
  if (typeof b?.access_token === 'string') return b.access_token;
  return undefined;
}

/** What the page holds after signing in: the cookies the browser keeps and the header the script sends. */
export interface Held {
  jar: JarCookie[];
  bearer?: string;
}

/** The request headers a browser page sends with what it holds, for `path`: cookies attached by path, the header by script. */
export function pageHeaders(held: Held, path: string): { cookie: string; authorization?: string } {
  return { cookie: cookieHeaderFor(held.jar, path), ...(held.bearer ? { authorization: `Bearer ${held.bearer}` } : {}) };
}

/** What a script in the page can read and carry away: the body's credential and any non-HttpOnly cookie. */
export interface Readable {
  bearer?: string;
  cookies: JarCookie[];
  evidence: Evidence[];
}

const shown = (value: string) => (value.length > 14 ? `${value.slice(0, 12)}…` : value);

/** Names a bearer value by its form, as the server judges it (lib/auth/transport/transport.ts). */
export function describeBearer(value: string): string {
  const dots = value.split('.').length;
  if (dots === 3) return 'the whole JWT';
  if (dots === 2) return 'the header half (header.payload)';
  if (value.startsWith('pair_')) return 'the header half (pair_…)';
  if (value.startsWith('sess_')) return 'the session token';
  return 'a bearer value';
}

export function readableByScript(held: Held): Readable {
  const evidence: Evidence[] = held.jar.map((c) => ({
    request: `Set-Cookie ${c.name} (Path=${c.path}): ${c.httpOnly ? 'HttpOnly, not in document.cookie' : `readable in document.cookie: ${shown(c.value)}`}`,
  }));
  evidence.push({
    request: held.bearer
      ? `sign-in body: ${describeBearer(held.bearer)}, ${held.bearer.length} B, readable by the page's script: ${shown(held.bearer)}`
      : 'sign-in body: no credential (claims at most)',
  });
  const cookies = held.jar.filter((c) => !c.httpOnly && isCredentialCookie(c.name));
  return { ...(held.bearer ? { bearer: held.bearer } : {}), cookies, evidence };
}

/** UTF-8 bytes of the credential header values as sent (the header names and framing left out). */
export function credentialBytes(headers: { cookie: string; authorization?: string }): {
  cookie: number;
  authorization: number;
  total: number;
} {
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  const cookie = bytes(headers.cookie);
  const authorization = bytes(headers.authorization ?? '');
  return { cookie, authorization, total: cookie + authorization };
}

export const answerOf = (e: Pick<Evidence, 'status' | 'code'>) => (e.code ? `${e.status} ${e.code}` : String(e.status));
const ok = (e: Evidence) => e.status !== undefined && e.status >= 200 && e.status < 300;

/** (a) What a script could carry away, and whether replaying it alone from elsewhere got in. */
export function exfiltrationOutcome(readable: Readable, replay: Evidence | undefined): MatrixOutcome {
  const evidence = [...readable.evidence, ...(replay ? [replay] : [])];
  const what = [...(readable.bearer ? [describeBearer(readable.bearer)] : []), ...readable.cookies.map((c) => `cookie ${c.name}`)].join(
    ' + ',
  );
  if (!what || !replay) return { verdict: 'blocked', text: 'nothing readable: the credential cookie is HttpOnly', evidence };
  return {
    verdict: ok(replay) ? 'through' : 'blocked',
    text: `${what} readable; replayed alone from elsewhere → ${answerOf(replay)}`,
    evidence,
  };
}

/** (b) A request from the page's own context, with what the page holds: does it act as the user? */
export function ridingOutcome(ride: Evidence, user: string): MatrixOutcome {
  return {
    verdict: ok(ride) ? 'through' : 'blocked',
    text: ok(ride) ? `acts as ${user}: ${answerOf(ride)}` : `refused: ${answerOf(ride)}`,
    evidence: [ride],
  };
}

/**
 * What a real browser adds on its own: the forged request stands for the cases where the cookie does go
 * along, so that only the server's Origin check (or a missing header half) stands in the way.
 */
export const BROWSER_NOTE =
  'a browser today also holds back SameSite=Lax cookies on a cross-site POST or PATCH, and would preflight a cross-origin PATCH; this request stands for a sibling subdomain (same site, other origin) or an older browser, where only the server stands in the way';

/** (c) A cross-site state change carrying only what the browser attaches by itself (cookies, never a header). */
export function csrfOutcome(attached: string[], forged: Evidence, after: Evidence): MatrixOutcome {
  const evidence: Evidence[] = [
    {
      request: `the browser attaches: ${attached.length ? attached.join(', ') : 'no credential cookie (a header is never attached by the browser)'}`,
    },
    forged,
    after,
    { request: BROWSER_NOTE },
  ];
  if (ok(forged)) return { verdict: 'through', text: `rode the credential: ${answerOf(forged)}`, evidence };
  const what = attached.length ? `${attached.join(' + ')} attached` : 'nothing attached';
  return { verdict: 'blocked', text: `${what}; refused ${answerOf(forged)}`, evidence };
}

/** (d) The captured credential replayed after the cell's own sign-out. */
export function replayOutcome(mode: MatrixMode, denylist: boolean, evidence: Evidence[], replay: Evidence): MatrixOutcome {
  const why =
    mode === 'session' ? 'the session record is gone' : denylist ? 'denylist on: the jti is refused' : 'denylist off: valid until exp';
  return {
    verdict: ok(replay) ? 'through' : 'blocked',
    text: `${ok(replay) ? 'accepted' : 'refused'}: ${answerOf(replay)} (${why})`,
    evidence: [...evidence, replay],
  };
}

/**
 * (e) Bytes of credential headers per request, with the names of the cookies sent (a JWT cell's refresh cookie has a
 * `Path=/` companion, `authlab_refresh_bind`, which every request carries, the header cell's too).
 */
export function bytesOutcome(headers: { cookie: string; authorization?: string }, request: string): MatrixOutcome {
  const b = credentialBytes(headers);
  const names = headers.cookie
    .split(';')
    .map((part) => part.split('=')[0]?.trim() ?? '')
    .filter(Boolean);
  const which = names.length ? ` (${names.join(', ')})` : '';
  return {
    verdict: 'measure',
    text: `${b.total} B`,
    evidence: [{ request: `${request}: Cookie ${b.cookie} B${which} + Authorization ${b.authorization} B (header values as sent)` }],
  };
}

/** (f) Store round trips per request, as the answer's Server-Timing reports them. */
export function lookupsOutcome(roundTrips: number | undefined, serverTiming: string | null, request: string): MatrixOutcome {
  return {
    verdict: 'measure',
    text: roundTrips === undefined ? 'not reported' : String(roundTrips),
    evidence: [{ request: `${request}: Server-Timing ${serverTiming ?? '(none)'}` }],
  };
}

/** One line of the matrix's NDJSON answer: the start (`done: 0`, the user), a played cell, or the error that ended it. */
export type MatrixLine =
  | { done: number; total: number; user: string }
  | { done: number; total: number; row: MatrixRow }
  | { error: { code: 'attack_failed'; message: string } };

/**
 * The lines of one run, each as soon as its cell is played: cells run one after another (each
 * sign-in is a slow hash queued per address anyway), and a cell that fails ends the run with an error line.
 */
export async function* matrixLines(user: string, play: (cell: MatrixCell) => Promise<MatrixRow>): AsyncGenerator<MatrixLine> {
  const total = MATRIX_CELLS.length;
  yield { done: 0, total, user };
  for (const [i, cell] of MATRIX_CELLS.entries()) {
    let row: MatrixRow;
    try {
      row = await play(cell);
    } catch (error) {
      const message = `${cell.mode} × ${cell.transport}: ${error instanceof Error ? error.message : String(error)}`;
      yield { error: { code: 'attack_failed', message } };
      return;
    }
    yield { done: i + 1, total, row };
  }
}
