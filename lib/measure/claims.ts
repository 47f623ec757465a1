// The Learn page's claims, measured: what each measurement calls, how many times, what it reads from
// the answers (credential bytes, the `auth` metric of Server-Timing, status codes) and how it sums up.
// Runtime: Node. Played by the server against its own loopback port (POST /api/lab/measure) for the
// Learn page, and by `npm run bench -- --claims` against the bench's own instance: one definition.
//
// It holds cookies itself (a page's script can't send or read HttpOnly ones), so the cookie and "both"
// cells are measured without ever touching a browser's cookie jar.
import { pathMatches } from '../http/cookie-path';
import { authCostOf } from './auth-cost';
import { MEASURED_CLAIMS, type MeasuredClaim } from './claim-ids';
import { summarize } from './stats';

/** Requests per timed series: enough for a median and a p95 that mean something, few enough to take seconds. */
export const CALLS = 20;
/** Untimed calls before each series, so a first sight (a cold cache, a lastSeenAt write) does not skew it. */
export const WARMUP = 2;
/** Internal calls in the hybrid's "dark side" comparison. */
export const INTERNAL_CALLS = 10;

export { MEASURED_CLAIMS, type MeasuredClaim };

/** One figure of a claim: a number with its unit, and what it is. */
export interface Figure {
  label: string;
  value: number;
  unit: string;
  /** How it was measured: n, p95, the answer's code… */
  detail?: string;
}

/** A timed series: the samples (for a chart) and their summary. */
export interface Series {
  label: string;
  /** What each sample is, e.g. "auth stage of GET /api/me, ms (Server-Timing)". */
  of: string;
  values: number[];
  n: number;
  median: number;
  p95: number;
}

export interface ClaimResult {
  claim: MeasuredClaim;
  figures: Figure[];
  series: Series[];
  /** What was called, in a sentence. */
  method: string;
}

export interface Throwaway {
  username: string;
  password: string;
}

// ---------------------------------------------------------------------------------------------
// Pure helpers (unit-tested)

/** A series from raw samples: the median and p95 of stats.ts (linear interpolation between ranks). */
export function series(label: string, of: string, values: readonly number[]): Series {
  const s = summarize(values);
  return { label, of, values: [...values], n: s.count, median: s.median, p95: s.p95 };
}

/** The bytes a header line adds to a request: `Name: value` (HTTP/1.1, without the CRLF). */
export function headerBytes(name: string, value: string): number {
  return new TextEncoder().encode(`${name}: ${value}`).length;
}

export interface SetCookie {
  name: string;
  value: string;
  path: string;
  httpOnly: boolean;
  cleared: boolean;
}

/** One `Set-Cookie` value: its name, value, path and the attributes that matter here. */
export function parseSetCookie(raw: string): SetCookie | undefined {
  const [pair = '', ...attributes] = raw.split(';').map((p) => p.trim());
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  let path = '/';
  let httpOnly = false;
  let cleared = false;
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=').map((p) => p.trim());
    const k = key.toLowerCase();
    if (k === 'path') path = value || '/';
    if (k === 'httponly') httpOnly = true;
    if (k === 'max-age' && Number(value) <= 0) cleared = true;
    if (k === 'expires' && Date.parse(value) <= Date.now()) cleared = true;
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), path, httpOnly, cleared };
}

/** A JWT's payload, decoded without checking anything (what any holder of the token can read). */
export function decodePayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function decodeHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The token with one claim changed and the signature kept: what an attacker who edits a token sends. */
export function tamper(token: string, claims: Record<string, unknown>): string {
  const [header = '', , signature = ''] = token.split('.');
  const payload = Buffer.from(JSON.stringify({ ...decodePayload(token), ...claims })).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The same claims under `alg: none`, no signature. */
export function unsigned(token: string): string {
  const header = Buffer.from(JSON.stringify({ ...decodeHeader(token), alg: 'none' })).toString('base64url');
  return `${header}.${token.split('.')[1] ?? ''}.`;
}

const fmt = (ms: number) => (ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const timed = (s: Series) => `n=${s.n}, p95 ${fmt(s.p95)} ms`;

// ---------------------------------------------------------------------------------------------
// A client that keeps its own cookies

export interface Answer {
  status: number;
  code: string | undefined;
  body: Record<string, unknown>;
  headers: Headers;
  /** Wall time of the request, from this process, in ms. */
  ms: number;
  /** Bytes of the credential headers sent (Cookie and Authorization), as a browser would send them. */
  credentialBytes: number;
  /** The auth stage the server reported, in ms, and its store round trips. */
  authMs: number | undefined;
  roundTrips: number;
}

interface CallOptions {
  bearer?: string;
  json?: unknown;
  /** Leave the held cookies out ("header only"). */
  noCookies?: boolean;
  /** Send only the held cookies ("cookie only"). */
  noBearer?: boolean;
  origin?: string;
}

export class Client {
  private readonly jar = new Map<string, SetCookie>();
  constructor(
    private readonly base: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  cookie(name: string): SetCookie | undefined {
    return this.jar.get(name);
  }

  cookieNames(): string[] {
    return [...this.jar.keys()];
  }

  forget(): void {
    this.jar.clear();
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const pathname = new URL(path, this.base).pathname;
    const cookies = options.noCookies
      ? []
      : [...this.jar.values()].filter((c) => pathMatches(c.path, pathname)).map((c) => `${c.name}=${c.value}`);
    let credentialBytes = 0;
    if (cookies.length > 0) {
      headers.Cookie = cookies.join('; ');
      credentialBytes += headerBytes('Cookie', headers.Cookie);
    }
    if (options.bearer && !options.noBearer) {
      headers.Authorization = `Bearer ${options.bearer}`;
      credentialBytes += headerBytes('Authorization', headers.Authorization);
    }
    if (options.origin) headers.Origin = options.origin;
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    const start = performance.now();
    const response = await this.fetchImpl(`${this.base}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
    const text = await response.text();
    const ms = performance.now() - start;
    for (const raw of response.headers.getSetCookie()) {
      const c = parseSetCookie(raw);
      if (!c) continue;
      if (c.cleared) this.jar.delete(c.name);
      else this.jar.set(c.name, c);
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // Not JSON (a page, an empty answer): the status says enough.
    }
    const error = body.error as { code?: unknown } | undefined;
    const cost = authCostOf(response.headers.get('server-timing'));
    return {
      status: response.status,
      code: typeof error?.code === 'string' ? error.code : undefined,
      body,
      headers: response.headers,
      ms,
      credentialBytes,
      authMs: cost?.totalMs,
      roundTrips: cost?.roundTrips ?? 0,
    };
  }
}

/** A step of a measurement got another answer than it needs; `status` is that answer's. */
export class MeasureError extends Error {
  readonly status: number;
  /** The answer's `Retry-After`, in seconds, when it named one. */
  readonly retryAfter: number | undefined;
  constructor(what: string, answer: Answer) {
    super(`${what} answered ${answer.status}${answer.code ? ` ${answer.code}` : ''}`);
    this.status = answer.status;
    const retryAfter = Number(answer.headers.get('retry-after'));
    this.retryAfter = Number.isSafeInteger(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  }
}

function expectStatus(what: string, answer: Answer, status = 200): Answer {
  if (answer.status !== status) throw new MeasureError(what, answer);
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Sign-ins in each cell

type Transport = 'cookie' | 'header' | 'both';

interface Held {
  client: Client;
  /** What the page's script would hold and send as a bearer (undefined in the cookie cells). */
  bearer: string | undefined;
  body: Record<string, unknown>;
}

async function signIn(
  base: string,
  user: Throwaway,
  mode: 'session' | 'jwt',
  transport: Transport,
  fetchImpl?: typeof fetch,
): Promise<Held> {
  const client = new Client(base, fetchImpl);
  const path = mode === 'session' ? '/api/session/login' : '/api/token';
  const answer = expectStatus(`POST ${path} (${transport})`, await client.call('POST', path, { json: { ...user, transport } }));
  const header = typeof answer.body.header_credential === 'string' ? answer.body.header_credential : answer.body.access_token;
  return { client, bearer: typeof header === 'string' ? header : undefined, body: answer.body };
}

/** `calls` requests after the warm-up; every one must answer 200. */
async function repeat(what: string, calls: number, fn: () => Promise<Answer>): Promise<Answer[]> {
  for (let i = 0; i < WARMUP; i++) expectStatus(what, await fn());
  const out: Answer[] = [];
  for (let i = 0; i < calls; i++) out.push(expectStatus(what, await fn()));
  return out;
}

const authSeries = (label: string, answers: readonly Answer[]) =>
  series(
    label,
    'auth stage, ms (Server-Timing)',
    answers.flatMap((a) => (a.authMs === undefined ? [] : [a.authMs])),
  );
const medianOf = (values: readonly number[]) => summarize(values).median;
const tripsOf = (answers: readonly Answer[]) => medianOf(answers.map((a) => a.roundTrips));

async function meCell(held: Held, label: string, calls = CALLS) {
  const answers = await repeat(`GET /api/me (${label})`, calls, () =>
    held.client.call('GET', '/api/me', held.bearer ? { bearer: held.bearer } : {}),
  );
  return { answers, series: authSeries(label, answers), bytes: medianOf(answers.map((a) => a.credentialBytes)), trips: tripsOf(answers) };
}

// ---------------------------------------------------------------------------------------------
// The measurements

export interface MeasureContext {
  /** The app's own origin, e.g. http://127.0.0.1:3000. */
  base: string;
  user: Throwaway;
  fetch?: typeof fetch;
}

type Measure = (ctx: MeasureContext) => Promise<Omit<ClaimResult, 'claim'>>;

const FOREIGN = 'https://evil.example';

const MEASURES: Record<MeasuredClaim, Measure> = {
  async lookup({ base, user, fetch: f }) {
    const [session, jwt] = [await signIn(base, user, 'session', 'header', f), await signIn(base, user, 'jwt', 'header', f)];
    const s = await meCell(session, 'Session');
    const j = await meCell(jwt, 'JWT');
    return {
      method: `${CALLS} calls to GET /api/me in each mode after ${WARMUP} untimed ones, each credential on the header transport; the server's own auth stage and store round trips, from its Server-Timing header.`,
      figures: [
        {
          label: 'Session: auth stage, median',
          value: s.series.median,
          unit: 'ms',
          detail: `${timed(s.series)}; ${s.trips} store round trip(s) per request`,
        },
        {
          label: 'JWT: auth stage, median',
          value: j.series.median,
          unit: 'ms',
          detail: `${timed(j.series)}; ${j.trips} store round trip(s) per request`,
        },
        { label: 'Session: store round trips per request', value: s.trips, unit: '' },
        { label: 'JWT: store round trips per request', value: j.trips, unit: '' },
      ],
      series: [s.series, j.series],
    };
  },

  async 'self-contained'({ base, user, fetch: f }) {
    const jwt = await signIn(base, user, 'jwt', 'header', f);
    const token = jwt.bearer ?? '';
    const claims = Object.keys(decodePayload(token));
    const header = decodeHeader(token);
    const edited = await jwt.client.call('GET', '/api/me', { bearer: tamper(token, { role: 'admin' }) });
    return {
      method:
        'Signed a throwaway member in for a JWT, decoded it as any holder can, then sent it with role changed to admin to GET /api/me.',
      figures: [
        { label: 'Claims anyone holding the token can read', value: claims.length, unit: '', detail: claims.join(', ') },
        {
          label: 'A token with role changed to admin',
          value: edited.status,
          unit: '',
          detail: `${edited.code ?? ''}; header: alg ${String(header.alg)}, typ ${String(header.typ)}, kid present: ${header.kid ? 'yes' : 'no'}`,
        },
      ],
      series: [],
    };
  },

  async revocation({ base, user, fetch: f }) {
    const [session, jwt] = [await signIn(base, user, 'session', 'header', f), await signIn(base, user, 'jwt', 'header', f)];
    const token = jwt.bearer ?? '';
    expectStatus('GET /api/me (session)', await session.client.call('GET', '/api/me', { bearer: session.bearer ?? '' }));
    expectStatus('GET /api/me (JWT)', await jwt.client.call('GET', '/api/me', { bearer: token }));
    const settings = await jwt.client.call('GET', '/api/settings');
    expectStatus('POST /api/session/logout', await session.client.call('POST', '/api/session/logout', { bearer: session.bearer ?? '' }));
    expectStatus('POST /api/token/revoke', await jwt.client.call('POST', '/api/token/revoke', { json: { token }, noCookies: true }));
    const revokedAt = Date.now();
    const s = await session.client.call('GET', '/api/me', { bearer: session.bearer ?? '' });
    const j = await jwt.client.call('GET', '/api/me', { bearer: token });
    const exp = Number(decodePayload(token).exp) * 1000;
    const denylist = settings.body.jwtDenylist === true;
    return {
      method: `Signed in both ways, revoked both at once (POST /api/session/logout, POST /api/token/revoke), then called GET /api/me with each. The denylist was ${denylist ? 'on' : 'off'}.`,
      figures: [
        { label: 'Session, right after its revocation', value: s.status, unit: '', detail: s.code ?? 'accepted' },
        {
          label: `JWT, right after its revocation (denylist ${denylist ? 'on' : 'off'})`,
          value: j.status,
          unit: '',
          detail: j.code ?? 'still accepted',
        },
        {
          label: 'The revoked JWT’s own life left',
          value: Math.max(0, Math.round((exp - revokedAt) / 1000)),
          unit: 's',
          detail: denylist ? 'irrelevant while the denylist is on' : 'it is accepted until then, plus the clock tolerance',
        },
      ],
      series: [],
    };
  },

  async refresh({ base, user, fetch: f }) {
    const jwt = await signIn(base, user, 'jwt', 'header', f);
    const values: number[] = [];
    const seen = new Set<string>();
    const calls = 5;
    for (let i = 0; i < calls; i++) {
      const answer = expectStatus('POST /api/token/refresh', await jwt.client.call('POST', '/api/token/refresh'));
      values.push(answer.ms);
      for (const name of jwt.client.cookieNames()) seen.add(`${name}=${jwt.client.cookie(name)?.value ?? ''}`);
    }
    const s = series('Refresh', 'whole request, ms (wall time on the server itself)', values);
    return {
      method: `${calls} refreshes in a row with the refresh cookie (POST /api/token/refresh), timed end to end over loopback.`,
      figures: [
        { label: 'One refresh, median', value: s.median, unit: 'ms', detail: timed(s) },
        { label: 'Distinct refresh tokens seen (each use rotates it)', value: seen.size, unit: '', detail: `after ${calls} refreshes` },
      ],
      series: [s],
    };
  },

  async keys({ base, fetch: f }) {
    const client = new Client(base, f);
    const jwks = expectStatus('GET /.well-known/jwks.json', await client.call('GET', '/.well-known/jwks.json'));
    const keys = (jwks.body.keys as { kid?: string; alg?: string }[] | undefined) ?? [];
    return {
      method: 'Read this server’s published key set (GET /.well-known/jwks.json).',
      figures: [
        {
          label: 'Public keys published now',
          value: keys.length,
          unit: '',
          detail: keys.map((k) => `${k.alg ?? '?'} ${String(k.kid).slice(0, 8)}…`).join(', '),
        },
      ],
      series: [],
    };
  },

  async hmac({ base, user, fetch: f }) {
    const client = new Client(base, f);
    const cost = expectStatus('GET /api/keys/cost', await client.call('GET', '/api/keys/cost'));
    const algorithms =
      (cost.body.algorithms as { alg: string; sign: { medianUs: number }; verify: { medianUs: number } }[] | undefined) ?? [];
    const jwt = await signIn(base, user, 'jwt', 'header', f);
    const none = await jwt.client.call('GET', '/api/me', { bearer: unsigned(jwt.bearer ?? '') });
    return {
      method: `GET /api/keys/cost (this process signs and verifies ${String(cost.body.samples)} times with each algorithm, at most once a minute), and a token re-sent as alg: none to GET /api/me.`,
      figures: [
        ...algorithms.map((a) => ({
          label: `${a.alg}: verify, median`,
          value: a.verify.medianUs,
          unit: 'µs',
          detail: `sign ${a.sign.medianUs} µs`,
        })),
        { label: 'A token with alg: none', value: none.status, unit: '', detail: none.code ?? '' },
      ],
      series: [],
    };
  },

  async jwks({ base, fetch: f }) {
    const client = new Client(base, f);
    const jwks = expectStatus('GET /.well-known/jwks.json', await client.call('GET', '/.well-known/jwks.json'));
    const bytes = new TextEncoder().encode(JSON.stringify(jwks.body)).length;
    return {
      method: 'GET /.well-known/jwks.json, as another service would fetch it.',
      figures: [
        { label: 'The key set', value: bytes, unit: 'bytes', detail: `Cache-Control: ${jwks.headers.get('cache-control') ?? 'none'}` },
      ],
      series: [],
    };
  },

  async size({ base, user, fetch: f }) {
    const cookie = await signIn(base, user, 'session', 'cookie', f);
    const jwt = await signIn(base, user, 'jwt', 'header', f);
    const header = await signIn(base, user, 'session', 'header', f);
    const c = expectStatus('GET /api/me (cookie)', await cookie.client.call('GET', '/api/me'));
    // The Authorization header alone, as the figure says; the refresh cookie's companion (Path=/) is shown beside it.
    const j = expectStatus('GET /api/me (JWT)', await jwt.client.call('GET', '/api/me', { bearer: jwt.bearer ?? '', noCookies: true }));
    const companion = jwt.client.cookie('authlab_refresh_bind');
    const exchange = expectStatus(
      'POST /api/session/exchange',
      await header.client.call('POST', '/api/session/exchange', { bearer: header.bearer ?? '' }),
    );
    const internal = String(exchange.body.access_token ?? '');
    return {
      method: 'Signed in with a session cookie, a JWT and a header session, and counted the credential header each sends with GET /api/me.',
      figures: [
        {
          label: 'JWT: Authorization header per request',
          value: j.credentialBytes,
          unit: 'bytes',
          detail: `token ${(jwt.bearer ?? '').length} bytes; the browser also sends the refresh cookie's companion (${companion ? `authlab_refresh_bind=${companion.value}`.length : 0} bytes of Cookie) with every request to the site`,
        },
        {
          label: 'Sealed session cookie: Cookie header per request',
          value: c.credentialBytes,
          unit: 'bytes',
          detail: `cookie value ${cookie.client.cookie('authlab_session')?.value.length ?? 0} bytes`,
        },
        {
          label: 'Opaque session token: Authorization header per request',
          value: headerBytes('Authorization', `Bearer ${header.bearer ?? ''}`),
          unit: 'bytes',
        },
        { label: 'Hybrid internal token', value: internal.length, unit: 'bytes' },
      ],
      series: [],
    };
  },

  async 'double-session'({ base, user, fetch: f }) {
    const both = await signIn(base, user, 'session', 'both', f);
    const cookie = await signIn(base, user, 'session', 'cookie', f);
    const b = await meCell(both, 'Session, both');
    const c = await meCell(cookie, 'Session, cookie');
    const cookieOnly = await both.client.call('GET', '/api/me', { bearer: both.bearer ?? '', noBearer: true });
    const headerOnly = await both.client.call('GET', '/api/me', { bearer: both.bearer ?? '', noCookies: true });
    return {
      method: `${CALLS} calls to GET /api/me with the double session id (the cookie and the header half) and ${CALLS} with the cookie alone; then each half of the double one alone.`,
      figures: [
        {
          label: 'Double session id: credential bytes per request',
          value: b.bytes,
          unit: 'bytes',
          detail: `cookie alone: ${c.bytes} bytes`,
        },
        { label: 'Double session id: store round trips per request', value: b.trips, unit: '', detail: `cookie alone: ${c.trips}` },
        { label: 'Double session id: auth stage, median', value: b.series.median, unit: 'ms', detail: timed(b.series) },
        {
          label: 'Either half alone',
          value: Math.max(cookieOnly.status, headerOnly.status),
          unit: '',
          detail: `cookie only ${cookieOnly.status} ${cookieOnly.code ?? ''}, header only ${headerOnly.status} ${headerOnly.code ?? ''}`,
        },
      ],
      series: [b.series, c.series],
    };
  },

  async 'jwt-cookie'({ base, user, fetch: f }) {
    const cookie = await signIn(base, user, 'jwt', 'cookie', f);
    const split = await signIn(base, user, 'jwt', 'both', f);
    const header = await signIn(base, user, 'jwt', 'header', f);
    const c = await meCell(cookie, 'JWT in a cookie');
    const s = await meCell(split, 'Split JWT');
    const h = await meCell(header, 'JWT in a header');
    const tokenCookies = ['authlab_access', 'authlab_access_sig']
      .flatMap((n) => [cookie.client.cookie(n), split.client.cookie(n)])
      .filter((x) => x !== undefined);
    const readable = tokenCookies.filter((x) => !x.httpOnly).length;
    const headerPart = (split.bearer ?? '').split('.').length;
    return {
      method: `${CALLS} calls to GET /api/me with the whole JWT in an HttpOnly cookie, with the split JWT (header.payload in the Authorization header, the signature in an HttpOnly cookie), and with the token in the header; the cookies' attributes read from Set-Cookie.`,
      figures: [
        {
          label: 'JWT in a cookie: credential bytes per request',
          value: c.bytes,
          unit: 'bytes',
          detail: `${c.trips} store round trip(s); auth median ${fmt(c.series.median)} ms`,
        },
        {
          label: 'Split JWT: credential bytes per request',
          value: s.bytes,
          unit: 'bytes',
          detail: `${s.trips} store round trip(s); auth median ${fmt(s.series.median)} ms`,
        },
        {
          label: 'JWT in a header: credential bytes per request',
          value: h.bytes,
          unit: 'bytes',
          detail: `${h.trips} store round trip(s); auth median ${fmt(h.series.median)} ms`,
        },
        {
          label: 'Token cookies the page’s script could read',
          value: readable,
          unit: '',
          detail: `of ${tokenCookies.length}: every one is HttpOnly; the split JWT's readable half has ${headerPart} parts (header.payload, no signature)`,
        },
      ],
      series: [c.series, s.series, h.series],
    };
  },

  async xss({ base, user, fetch: f }) {
    const cookie = await signIn(base, user, 'session', 'cookie', f);
    const session = cookie.client.cookie('authlab_session');
    const crossSite = await cookie.client.call('POST', '/api/session/exchange', { origin: FOREIGN });
    const sameSite = await cookie.client.call('POST', '/api/session/exchange');
    return {
      method: `Signed in with a session cookie, then POST /api/session/exchange with that cookie and Origin: ${FOREIGN}, and again without a foreign Origin.`,
      figures: [
        {
          label: 'Session cookies a script could read',
          value: session && !session.httpOnly ? 1 : 0,
          unit: '',
          detail: session?.httpOnly ? 'the cookie is HttpOnly' : 'no HttpOnly attribute',
        },
        { label: 'A cross-site POST carrying the cookie', value: crossSite.status, unit: '', detail: crossSite.code ?? '' },
        { label: 'The same POST from this site', value: sameSite.status, unit: '' },
      ],
      series: [],
    };
  },

  async 'denylist-size'({ base, user, fetch: f }) {
    const jwt = await signIn(base, user, 'jwt', 'header', f);
    const before = expectStatus('GET /api/denylist', await jwt.client.call('GET', '/api/denylist'));
    expectStatus(
      'POST /api/token/revoke',
      await jwt.client.call('POST', '/api/token/revoke', { json: { token: jwt.bearer ?? '' }, noCookies: true }),
    );
    const after = expectStatus('GET /api/denylist', await jwt.client.call('GET', '/api/denylist'));
    const entries = (a: Answer) => Number(a.body.entries);
    const last = after.body.lastExpiresAt === null ? Date.now() : Date.parse(String(after.body.lastExpiresAt));
    const exp = Number(decodePayload(jwt.bearer ?? '').exp) * 1000;
    return {
      method: 'GET /api/denylist (a count kept beside the entries, never a scan), then one throwaway token revoked, then the count again.',
      figures: [
        { label: 'Denylist entries now', value: entries(after), unit: '', detail: `${entries(before)} before this run revoked one token` },
        {
          label: 'The whole list is gone in at most',
          value: Math.max(0, Math.round((last - Date.now()) / 1000)),
          unit: 's',
          detail: `each entry ends at its token's exp + ${String(after.body.marginSeconds)} s; the token revoked here: in ${Math.max(0, Math.round((exp - Date.now()) / 1000) + Number(after.body.marginSeconds))} s`,
        },
      ],
      series: [],
    };
  },

  async hybrid({ base, user, fetch: f }) {
    const session = await signIn(base, user, 'session', 'header', f);
    const exchange = expectStatus(
      'POST /api/session/exchange',
      await session.client.call('POST', '/api/session/exchange', { bearer: session.bearer ?? '' }),
    );
    const internal = String(exchange.body.access_token ?? '');
    const answers = await repeat('GET /api/internal/report', CALLS, () =>
      session.client.call('GET', '/api/internal/report', { bearer: internal }),
    );
    const s = authSeries('Internal route', answers);
    return {
      method: `One exchange (POST /api/session/exchange with a header session), then ${CALLS} calls to GET /api/internal/report with the internal token.`,
      figures: [
        { label: 'Internal token life', value: Number(exchange.body.expires_in), unit: 's', detail: 'expires_in of the exchange’s answer' },
        {
          label: 'Verifying it at the internal route, median',
          value: s.median,
          unit: 'ms',
          detail: `${timed(s)}; ${tripsOf(answers)} store round trip(s)`,
        },
      ],
      series: [s],
    };
  },

  async 'hybrid-exchange'({ base, user, fetch: f }) {
    const session = await signIn(base, user, 'session', 'header', f);
    const bearer = session.bearer ?? '';
    const exchange = () => session.client.call('POST', '/api/session/exchange', { bearer });
    const report = (token: string) => session.client.call('GET', '/api/internal/report', { bearer: token });
    // Warm both paths, untimed.
    const warm = expectStatus('POST /api/session/exchange', await exchange());
    expectStatus('GET /api/internal/report', await report(String(warm.body.access_token)));

    const perCall: number[] = [];
    const exchanges: Answer[] = [];
    for (let i = 0; i < INTERNAL_CALLS; i++) {
      const e = expectStatus('POST /api/session/exchange', await exchange());
      const r = expectStatus('GET /api/internal/report', await report(String(e.body.access_token)));
      exchanges.push(e);
      perCall.push(e.ms + r.ms);
    }
    const reusedCalls: number[] = [];
    const once = expectStatus('POST /api/session/exchange', await exchange());
    const token = String(once.body.access_token);
    for (let i = 0; i < INTERNAL_CALLS; i++) {
      const r = expectStatus('GET /api/internal/report', await report(token));
      reusedCalls.push(r.ms + (i === 0 ? once.ms : 0));
    }
    const a = series('Exchange per internal call', 'exchange + internal call, ms (wall time)', perCall);
    const b = series('One token reused', 'internal call, ms (wall time; the first one carries the exchange)', reusedCalls);
    const sum = (values: readonly number[]) => values.reduce((t, v) => t + v, 0);
    const lookupsPer = sum(exchanges.map((e) => e.roundTrips));
    return {
      method: `${INTERNAL_CALLS} internal calls made two ways with one header session: an exchange (POST /api/session/exchange) before every call, and one exchange whose token serves all ${INTERNAL_CALLS}. Store round trips read from the exchange's Server-Timing.`,
      figures: [
        {
          label: `Auth-service store lookups for ${INTERNAL_CALLS} internal calls, exchanging each time`,
          value: lookupsPer,
          unit: '',
          detail: `${INTERNAL_CALLS} exchanges`,
        },
        { label: `… reusing one internal token`, value: once.roundTrips, unit: '', detail: '1 exchange' },
        { label: 'Per internal call, exchanging each time: median', value: a.median, unit: 'ms', detail: timed(a) },
        { label: 'Per internal call, token reused: median', value: b.median, unit: 'ms', detail: timed(b) },
        {
          label: `All ${INTERNAL_CALLS} calls: exchanging each time vs reusing`,
          value: sum(perCall),
          unit: 'ms',
          detail: `reusing: ${fmt(sum(reusedCalls))} ms`,
        },
      ],
      series: [a, b],
    };
  },
};

/** Runs one claim's measurement against `ctx.base` as the throwaway `ctx.user`. */
export async function measureClaim(claim: MeasuredClaim, ctx: MeasureContext): Promise<ClaimResult> {
  return { claim, ...(await MEASURES[claim](ctx)) };
}
