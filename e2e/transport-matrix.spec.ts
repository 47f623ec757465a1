// The six cells of "what the credential is × where it travels", over plain HTTP: sign-in, /api/me,
// either half alone for "both", CSRF for every cookie-carried cell, sign-out, revocation and refresh.
// Every request names its Cookie header itself (an empty one too), so no cookie jar adds anything.
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { USERS, type UserName } from './fixtures';

type Mode = 'session' | 'jwt';
type Transport = 'cookie' | 'header' | 'both';
interface Cell {
  mode: Mode;
  transport: Transport;
  /** What the `auth` Server-Timing metric names for the cell (the algorithm left out). */
  checked: RegExp;
}

const CELLS: Cell[] = [
  { mode: 'session', transport: 'cookie', checked: /^session lookup$/ },
  { mode: 'session', transport: 'header', checked: /^session lookup \(header: bearer session token\)$/ },
  { mode: 'session', transport: 'both', checked: /^session lookup \(both: cookie id \+ header half\)$/ },
  { mode: 'jwt', transport: 'cookie', checked: /^jwt \S+ \(cookie: whole token\)$/ },
  { mode: 'jwt', transport: 'header', checked: /^jwt \S+$/ },
  { mode: 'jwt', transport: 'both', checked: /^jwt \S+ \(both: header\.payload \+ cookie signature\)$/ },
];

const FOREIGN = 'https://evil.example';
const SIGN_IN: Record<Mode, string> = { session: '/api/session/login', jwt: '/api/token' };
/** The cookies a cell's credential may ride in (the refresh cookie is JWT mode's in every cell). */
const CREDENTIAL_COOKIES = ['authlab_session', 'authlab_session_both', 'authlab_access', 'authlab_access_sig'];

/** name → {value, attributes} of every Set-Cookie in a response. */
function setCookies(response: APIResponse): Map<string, { value: string; attributes: string }> {
  const out = new Map<string, { value: string; attributes: string }>();
  for (const { name, value } of response.headersArray()) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    const [pair = '', ...rest] = value.split(';');
    const eq = pair.indexOf('=');
    out.set(pair.slice(0, eq).trim(), { value: pair.slice(eq + 1).trim(), attributes: rest.join(';') });
  }
  return out;
}

/** What a signed-in client holds: the cookies the browser would keep and the header the page would send. */
interface Held {
  cookies: Record<string, string>;
  authorization?: string;
  body: Record<string, unknown>;
}

/** The request headers for what is held (`only` picks one half); the Cookie header is always explicit. */
function headersFor(held: Held, only?: 'cookie' | 'header', extra: Record<string, string> = {}): Record<string, string> {
  const cookies = only === 'header' ? {} : held.cookies;
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  const authorization = only === 'cookie' ? undefined : held.authorization;
  return { Cookie: cookie, ...(authorization ? { Authorization: authorization } : {}), ...extra };
}

/** Keeps what a response sets, drops what it clears: a browser's cookie jar, by hand. */
function keep(cookies: Record<string, string>, response: APIResponse): Record<string, string> {
  const next = { ...cookies };
  for (const [name, { value, attributes }] of setCookies(response)) {
    if (/max-age=0/i.test(attributes)) delete next[name];
    else next[name] = value;
  }
  return next;
}

async function signIn(request: APIRequestContext, cell: Pick<Cell, 'mode' | 'transport'>, user: UserName = 'bob'): Promise<Held> {
  const { username, password } = USERS[user];
  const response = await request.post(SIGN_IN[cell.mode], {
    data: { username, password, transport: cell.transport },
    headers: { Cookie: '' },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  const header = typeof body.header_credential === 'string' ? body.header_credential : body.access_token;
  return {
    cookies: keep({}, response),
    ...(typeof header === 'string' ? { authorization: `Bearer ${header}` } : {}),
    body,
  };
}

/** The jti of the access token a JWT sign-in gave: from the claims the body shows, or the bearer token's payload. */
function jtiOf(held: Held): string {
  const claims = held.body.claims as { jti: string } | undefined;
  if (claims) return claims.jti;
  const payload = String(held.body.access_token).split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti: string }).jti;
}

async function me(request: APIRequestContext, headers: Record<string, string>) {
  return request.get('/api/me', { headers });
}

async function errorCode(response: APIResponse): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

for (const cell of CELLS) {
  const name = `${cell.mode} × ${cell.transport}`;
  test.describe(name, () => {
    test('signs in where the cell says, and /api/me names mode, transport and the check', async ({ request }) => {
      const held = await signIn(request, cell);
      const credentialCookies = Object.keys(held.cookies).filter((c) => CREDENTIAL_COOKIES.includes(c));
      const expected = {
        session: { cookie: ['authlab_session'], header: [], both: ['authlab_session_both'] },
        jwt: { cookie: ['authlab_access'], header: [], both: ['authlab_access_sig'] },
      }[cell.mode][cell.transport];
      expect(credentialCookies).toEqual(expected);
      expect(held.body.transport).toBe(cell.transport);
      // The page holds a header credential exactly when the cell sends one; the cookie JWT's body shows claims only.
      expect(held.authorization !== undefined).toBe(cell.transport !== 'cookie');
      if (cell.mode === 'jwt' && cell.transport !== 'header') {
        expect(held.body.access_token).toBeUndefined();
        expect((held.body.claims as { preferred_username: string }).preferred_username).toBe('bob');
      }
      if (cell.mode === 'jwt' && cell.transport === 'both') expect(held.authorization?.split('.')).toHaveLength(2);

      const answer = await me(request, headersFor(held));
      expect(answer.status()).toBe(200);
      const body = await answer.json();
      expect(body.user.username).toBe('bob');
      expect(body.auth.mode).toBe(cell.mode);
      expect(body.auth.transport).toBe(cell.transport);
      expect(answer.headers()['cache-control']).toContain('no-store');
      const desc = /^auth;dur=[\d.]+;desc="([^"]*)"/.exec(answer.headers()['server-timing'] ?? '')?.[1];
      expect(desc).toMatch(cell.checked);
    });

    if (cell.transport !== 'header') {
      test('the credential cookie is HttpOnly, Path=/, SameSite', async ({ request }) => {
        const response = await request.post(SIGN_IN[cell.mode], {
          data: { username: USERS.bob.username, password: USERS.bob.password, transport: cell.transport },
          headers: { Cookie: '' },
        });
        const set = [...setCookies(response)].filter(([n, c]) => CREDENTIAL_COOKIES.includes(n) && !/max-age=0/i.test(c.attributes));
        expect(set).toHaveLength(1);
        for (const [, { attributes }] of set) {
          expect(attributes).toMatch(/HttpOnly/);
          expect(attributes).toMatch(/Path=\//);
          expect(attributes).toMatch(/SameSite=(Lax|Strict)/);
        }
      });
    }

    test('sign-out ends the credential: a copy of it is refused afterwards', async ({ request }) => {
      const held = await signIn(request, cell);
      const copy = headersFor(held);
      const out =
        cell.mode === 'session'
          ? await request.post('/api/session/logout', { headers: copy })
          : await request.post('/api/token/revoke', { headers: copy });
      expect(out.status()).toBe(200);
      const outBody = await out.json();
      // Every credential cookie the cell set is cleared in the same answer.
      for (const cookie of Object.keys(held.cookies).filter((c) => CREDENTIAL_COOKIES.includes(c))) {
        expect(setCookies(out).get(cookie)?.attributes).toMatch(/Max-Age=0/);
      }
      if (cell.mode === 'session') {
        expect(outBody.ended).toBe(true);
        const replay = await me(request, copy);
        expect(replay.status()).toBe(401);
        expect(await errorCode(replay)).toBe('session_revoked');
      } else {
        // The access token the cell carried (bearer, cookie or split) is the one denylisted; its refresh family is over.
        expect(outBody.denylisted_jti).toBe(jtiOf(held));
        expect(outBody.families_revoked).toBe(1);
        const refresh = await request.post('/api/token/refresh', { headers: copy });
        expect(refresh.status()).toBe(401);
      }
    });

    // A header-only credential is never attached by the browser, so another site can't ride it.
    if (cell.transport !== 'header') {
      test('a cross-site state change riding the credential is refused', async ({ request }) => {
        // alice is an admin, so the state-changing protected route is hers to use: only the origin is wrong.
        const held = await signIn(request, cell, 'alice');
        const patch = await request.patch('/api/settings', {
          headers: headersFor(held, undefined, { Origin: FOREIGN }),
          data: { jwtDenylist: false },
        });
        expect(patch.status()).toBe(403);
        expect(await errorCode(patch)).toBe('csrf_rejected');
        const signOut = await request.post(cell.mode === 'session' ? '/api/session/logout' : '/api/token/revoke', {
          headers: headersFor(held, undefined, { Origin: FOREIGN }),
        });
        expect(signOut.status()).toBe(403);
        expect(await errorCode(signOut)).toBe('csrf_rejected');
        // Nothing was signed out by the refused request.
        expect((await me(request, headersFor(held))).status()).toBe(200);
      });

      test('every state-changing handler the middleware does not guard refuses a cross-site request riding the credential', async ({
        request,
      }) => {
        const held = await signIn(request, cell);
        const mine =
          cell.mode === 'session'
            ? (
                (await (await request.get('/api/sessions', { headers: headersFor(held) })).json()) as {
                  sessions: { id: string; current: boolean }[];
                }
              ).sessions.find((s) => s.current)?.id
            : undefined;
        const routes: [method: 'post' | 'delete', path: string][] = [
          ['post', '/api/session/logout'],
          ['post', '/api/token/revoke'],
          ['delete', '/api/sessions'],
          ['delete', `/api/sessions/${mine ?? 'none'}`],
          ['post', '/api/session/exchange'],
          ['post', '/api/token/refresh'],
        ];
        const foreign: Record<string, string>[] = [{ Origin: FOREIGN }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }];
        for (const [method, path] of routes) {
          for (const extra of foreign) {
            const response = await request[method](path, { headers: headersFor(held, undefined, extra) });
            expect(response.status(), `${method} ${path} ${JSON.stringify(extra)}`).toBe(403);
            expect(await errorCode(response)).toBe('csrf_rejected');
            // A refusal clears nothing: the browser keeps its cookies.
            expect(setCookies(response).size).toBe(0);
          }
        }
        // Nothing was signed out, rotated or revoked by the refused requests.
        expect((await me(request, headersFor(held))).status()).toBe(200);
        if (cell.mode === 'jwt') expect((await request.post('/api/token/refresh', { headers: headersFor(held) })).status()).toBe(200);
        else expect((await request.post('/api/session/exchange', { headers: headersFor(held) })).status()).toBe(200);
      });
    }
  });
}

for (const mode of ['session', 'jwt'] as const) {
  test(`${mode} × both: either half alone is refused`, async ({ request }) => {
    const held = await signIn(request, { mode, transport: 'both' });
    for (const half of ['cookie', 'header'] as const) {
      const answer = await me(request, headersFor(held, half));
      expect(answer.status(), `${half} alone`).toBe(401);
      expect(['unauthenticated', 'invalid_token']).toContain(await errorCode(answer));
    }
    // A half alone does not end or spoil the pair: both together still work.
    expect((await me(request, headersFor(held))).status()).toBe(200);
  });
}

test('session × both: the header half of one sign-in does not fit the cookie of another', async ({ request }) => {
  const one = await signIn(request, { mode: 'session', transport: 'both' });
  const two = await signIn(request, { mode: 'session', transport: 'both' });
  const mixed: Held = { cookies: one.cookies, ...(two.authorization ? { authorization: two.authorization } : {}), body: {} };
  const answer = await me(request, headersFor(mixed));
  expect(answer.status()).toBe(401);
  expect(await errorCode(answer)).toBe('invalid_token');
});

test('a bad bearer is a 401, never a fall-back to the cookie', async ({ request }) => {
  const held = await signIn(request, { mode: 'session', transport: 'cookie' });
  for (const bad of ['Bearer sess_short', 'Bearer not.a.jwt', 'Bearer abc.def']) {
    const answer = await me(request, headersFor(held, undefined, { Authorization: bad }));
    expect(answer.status(), bad).toBe(401);
  }
});

test('sign-in defaults stay: session in a cookie, JWT in the header; a bad transport is a 400 naming the field', async ({ request }) => {
  const { username, password } = USERS.bob;
  const session = await request.post('/api/session/login', { data: { username, password }, headers: { Cookie: '' } });
  expect((await session.json()).transport).toBe('cookie');
  expect(setCookies(session).has('authlab_session')).toBe(true);
  const token = await request.post('/api/token', { data: { username, password }, headers: { Cookie: '' } });
  const tokenBody = await token.json();
  expect(tokenBody.transport).toBe('header');
  expect(tokenBody.token_type).toBe('Bearer');
  expect(String(tokenBody.access_token).split('.')).toHaveLength(3);
  for (const path of ['/api/session/login', '/api/token']) {
    const bad = await request.post(path, { data: { username, password, transport: 'pigeon' }, headers: { Cookie: '' } });
    expect(bad.status()).toBe(400);
    const error = (await bad.json()).error;
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain('transport');
  }
});

for (const transport of ['cookie', 'both'] as const) {
  test(`jwt × ${transport}: refresh rotates the same family and answers in the same transport`, async ({ request }) => {
    const held = await signIn(request, { mode: 'jwt', transport });
    const refreshed = await request.post('/api/token/refresh', { headers: headersFor(held) });
    expect(refreshed.status()).toBe(200);
    const body = await refreshed.json();
    expect(body.transport).toBe(transport);
    expect(body.access_token).toBeUndefined();
    const next: Held = {
      cookies: keep(held.cookies, refreshed),
      ...(typeof body.header_credential === 'string' ? { authorization: `Bearer ${body.header_credential}` } : {}),
      body,
    };
    // Each JWT cell has its own refresh cookie: this one rotated, and no other cell's was set.
    const refreshName = transport === 'cookie' ? 'authlab_refresh_cookie' : 'authlab_refresh_both';
    expect(next.cookies[refreshName]).toBeDefined();
    expect(next.cookies[refreshName]).not.toBe(held.cookies[refreshName]);
    expect(next.cookies.authlab_refresh).toBeUndefined();
    const answer = await me(request, headersFor(next));
    expect(answer.status()).toBe(200);
    expect((await answer.json()).auth).toMatchObject({ mode: 'jwt', transport, token: { jti: body.claims.jti } });
  });
}

test('session × header: revoking the session from another device refuses its token at once', async ({ request }) => {
  const device = await signIn(request, { mode: 'session', transport: 'header' });
  const other = await signIn(request, { mode: 'session', transport: 'cookie' });
  const list = await request.get('/api/sessions', { headers: headersFor(other) });
  expect(list.status()).toBe(200);
  const sessions = (await list.json()).sessions as { id: string; current: boolean }[];
  const target = (device.body.session as { id: string }).id;
  expect(sessions.map((s) => s.id)).toContain(target);
  const revoke = await request.delete(`/api/sessions/${target}`, { headers: headersFor(other) });
  expect(revoke.status()).toBe(200);
  const answer = await me(request, headersFor(device));
  expect(answer.status()).toBe(401);
  expect(await errorCode(answer)).toBe('session_revoked');
});

test('the hybrid exchange and the devices list work in the header and both session cells', async ({ request }) => {
  for (const transport of ['header', 'both'] as const) {
    const held = await signIn(request, { mode: 'session', transport });
    const sessions = await request.get('/api/sessions', { headers: headersFor(held) });
    expect(sessions.status(), transport).toBe(200);
    expect(((await sessions.json()).sessions as { current: boolean }[]).filter((s) => s.current)).toHaveLength(1);
    const exchange = await request.post('/api/session/exchange', { headers: headersFor(held) });
    expect(exchange.status(), transport).toBe(200);
    const internal = (await exchange.json()).access_token as string;
    const report = await request.get('/api/internal/report', { headers: { Cookie: '', Authorization: `Bearer ${internal}` } });
    expect(report.status()).toBe(200);
  }
});
