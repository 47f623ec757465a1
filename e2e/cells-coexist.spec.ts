// Every pair of matrix cells in one browser (one cookie jar): signed in one after the other, each
// answers /api/me in its own cell, each JWT cell refreshes its own family, and signing one out leaves
// the other signed in. The same cookie cell twice can't be held (one cookie per name): what happens then
// is shown too. Over plain HTTP, with a request context as the browser.
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { demoCredentials } from './fixtures';

type Mode = 'session' | 'jwt';
type Transport = 'cookie' | 'header' | 'both';
interface Cell {
  mode: Mode;
  transport: Transport;
}
const slug = (c: Cell) => `${c.mode}-${c.transport}`;
const CELLS: Cell[] = (['session', 'jwt'] as const).flatMap((mode) =>
  (['cookie', 'header', 'both'] as const).map((transport) => ({ mode, transport })),
);
/** All 21 unordered pairs, the same cell twice included. */
const PAIRS: [Cell, Cell][] = CELLS.flatMap((a, i) => CELLS.slice(i).map((b): [Cell, Cell] => [a, b]));
/** A cell that keeps (part of) its credential in a cookie: all but the session token in a header. */
const usesCookie = (c: Cell) => !(c.mode === 'session' && c.transport === 'header');

/** What a page holds of its sign-in: the bearer value (or the whole token of a header JWT), if any. */
interface Held {
  cell: Cell;
  bearer?: string;
  /** The refresh family (the token's `sid`) of a JWT sign-in or refresh. */
  family?: string;
  /** The `Set-Cookie` values of the answer that gave it. */
  setCookie?: string;
}

async function signIn(jar: APIRequestContext, cell: Cell): Promise<Held> {
  const path = cell.mode === 'session' ? '/api/session/login' : '/api/token';
  const response = await jar.post(path, { data: { ...demoCredentials('bob'), transport: cell.transport } });
  expect(response.status(), `sign-in ${slug(cell)}`).toBe(200);
  return { cell, ...heldOf(await response.json()), setCookie: response.headers()['set-cookie'] ?? '' };
}

interface TokenBody {
  access_token?: string;
  header_credential?: string;
  claims?: { sid?: string };
}

/** The bearer value a page keeps, and the family its token belongs to (from the token, or the claims copy). */
function heldOf(body: TokenBody): { bearer?: string; family?: string } {
  const bearer = body.access_token ?? body.header_credential;
  const claims = body.access_token
    ? (JSON.parse(Buffer.from(body.access_token.split('.')[1] ?? '', 'base64url').toString()) as { sid?: string })
    : body.claims;
  return { ...(bearer ? { bearer } : {}), ...(claims?.sid ? { family: claims.sid } : {}) };
}

/** The headers a page sends for its cell: the cell's name, and the bearer value for header and both cells. */
const headersOf = (held: Held): Record<string, string> => ({
  'Authlab-Cell': slug(held.cell),
  ...(held.bearer ? { Authorization: `Bearer ${held.bearer}` } : {}),
});

async function expectCell(response: APIResponse, cell: Cell, what: string) {
  expect(response.status(), what).toBe(200);
  const body = (await response.json()) as { auth: { mode: string; transport: string } };
  expect(body.auth, what).toMatchObject({ mode: cell.mode, transport: cell.transport });
}

const me = (jar: APIRequestContext, held: Held) => jar.get('/api/me', { headers: headersOf(held) });

/** Refreshes a JWT cell by its own refresh cookie; the new bearer value (if any) replaces the held one. */
async function refresh(jar: APIRequestContext, held: Held): Promise<Held> {
  const response = await jar.post('/api/token/refresh', { headers: { 'Authlab-Cell': slug(held.cell) } });
  expect(response.status(), `refresh ${slug(held.cell)}`).toBe(200);
  const body = (await response.json()) as TokenBody & { transport: string };
  expect(body.transport, `refresh ${slug(held.cell)} answers in its own cell`).toBe(held.cell.transport);
  const next = { cell: held.cell, ...heldOf(body) };
  expect(next.family, `refresh ${slug(held.cell)} continues its own family`).toBe(held.family);
  return next;
}

/** Signs a cell out the way its page does: the session's logout, or the JWT's revoke (the header JWT's token in the body). */
async function signOut(jar: APIRequestContext, held: Held) {
  const { cell } = held;
  const response =
    cell.mode === 'session'
      ? await jar.post('/api/session/logout', { headers: headersOf(held) })
      : await jar.post('/api/token/revoke', {
          headers: { 'Authlab-Cell': slug(cell), ...(cell.transport === 'both' ? { Authorization: `Bearer ${held.bearer}` } : {}) },
          data: cell.transport === 'header' ? { token: held.bearer } : {},
        });
  expect(response.status(), `sign out ${slug(cell)}`).toBe(200);
}

/** After its sign-out, a cell's credential no longer works. */
async function expectSignedOut(jar: APIRequestContext, held: Held) {
  const what = `${slug(held.cell)} after its sign-out`;
  if (held.cell.mode === 'jwt' && held.cell.transport === 'header') {
    // The token in hand lives until its exp while the denylist check is off (the default); its sign-in is over: no refresh.
    const again = await jar.post('/api/token/refresh', { headers: { 'Authlab-Cell': 'jwt-header' } });
    expect(again.status(), what).toBe(401);
    return;
  }
  expect((await me(jar, held)).status(), what).toBe(401);
}

test('all 15 pairs of different cells live together in one browser; the header session twice too', async ({ playwright, baseURL }) => {
  test.setTimeout(240_000);
  const together = PAIRS.filter(([a, b]) => slug(a) !== slug(b) || !usesCookie(a));
  expect(together).toHaveLength(16);
  for (const [cellA, cellB] of together) {
    const pair = `${slug(cellA)} then ${slug(cellB)}`;
    const jar = await playwright.request.newContext(baseURL ? { baseURL } : {});
    let a = await signIn(jar, cellA);
    let b = await signIn(jar, cellB);
    await expectCell(await me(jar, a), cellA, `${pair}: A`);
    await expectCell(await me(jar, b), cellB, `${pair}: B`);
    // Each JWT cell rotates its own family: twice each, interleaved, so a shared refresh cookie would show as reuse.
    for (let round = 0; round < 2; round++) {
      if (cellA.mode === 'jwt') a = await refresh(jar, a);
      if (cellB.mode === 'jwt') b = await refresh(jar, b);
    }
    await expectCell(await me(jar, a), cellA, `${pair}: A after the refreshes`);
    await expectCell(await me(jar, b), cellB, `${pair}: B after the refreshes`);
    await signOut(jar, a);
    await expectSignedOut(jar, a);
    await expectCell(await me(jar, b), cellB, `${pair}: B after A signed out`);
    if (cellB.mode === 'jwt') b = await refresh(jar, b);
    await signOut(jar, b);
    await expectSignedOut(jar, b);
    await jar.dispose();
  }
});

test('the same cookie cell twice: the second sign-in replaces the first (one cookie per name), as the page explains', async ({
  playwright,
  baseURL,
  request,
}) => {
  test.setTimeout(120_000);
  for (const cell of CELLS.filter(usesCookie)) {
    const jar = await playwright.request.newContext(baseURL ? { baseURL } : {});
    const first = await signIn(jar, cell);
    const second = await signIn(jar, cell);
    await expectCell(await me(jar, second), cell, `${slug(cell)}: the second sign-in`);
    if (cell.mode === 'session') {
      // The first session ended when the second sign-in replaced its cookie: replayed from a jar of its own, it is refused.
      const name = cell.transport === 'both' ? 'authlab_session_both' : 'authlab_session';
      const firstCookie = new RegExp(`(?:^|\\n)${name}=([^;]+)`).exec(first.setCookie ?? '')?.[1];
      expect(firstCookie, `${slug(cell)}: the first sign-in's cookie`).toBeTruthy();
      const replay = await request.get('/api/me', { headers: { ...headersOf(first), Cookie: `${name}=${firstCookie}` } });
      expect(replay.status(), `${slug(cell)}: the first session`).toBe(401);
    } else {
      // One refresh cookie per cell: a refresh continues the second sign-in's family, not the first's.
      expect(second.family).not.toBe(first.family);
      await refresh(jar, second);
    }
    await jar.dispose();
  }
});

test('without Authlab-Cell the latest sign-in wins between cookie credentials, and a bad value is a 400', async ({
  playwright,
  baseURL,
}) => {
  const jar = await playwright.request.newContext(baseURL ? { baseURL } : {});
  const judged = async () => ((await (await jar.get('/api/me')).json()) as { auth: { mode: string; transport: string } }).auth;
  await signIn(jar, { mode: 'session', transport: 'cookie' });
  await signIn(jar, { mode: 'jwt', transport: 'cookie' });
  expect(await judged()).toMatchObject({ mode: 'jwt', transport: 'cookie' });
  await signIn(jar, { mode: 'session', transport: 'cookie' });
  expect(await judged()).toMatchObject({ mode: 'session', transport: 'cookie' });
  // A header or split JWT signed in since doesn't change what a cookie-only call means.
  await signIn(jar, { mode: 'jwt', transport: 'both' });
  expect(await judged()).toMatchObject({ mode: 'session', transport: 'cookie' });
  // The refresh without a name takes the latest JWT sign-in's own cookie.
  const refreshed = await jar.post('/api/token/refresh');
  expect(((await refreshed.json()) as { transport: string }).transport).toBe('both');

  for (const value of ['nope', 'JWT-COOKIE', 'jwt-cookie,session-cookie']) {
    const bad = await jar.get('/api/me', { headers: { 'Authlab-Cell': value } });
    expect(bad.status(), value).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('Authlab-Cell') as unknown as string,
    });
    const badRefresh = await jar.post('/api/token/refresh', { headers: { 'Authlab-Cell': value } });
    expect(badRefresh.status(), `refresh ${value}`).toBe(400);
  }
  // A session cell named on a JWT route (and the reverse) is a 400 too, never a 500.
  expect((await jar.post('/api/token/refresh', { headers: { 'Authlab-Cell': 'session-cookie' } })).status()).toBe(400);
  expect((await jar.post('/api/session/logout', { headers: { 'Authlab-Cell': 'jwt-cookie' } })).status()).toBe(400);
  // Revoking a header JWT by its token, naming no cell, ends that sign-in and leaves the cookie JWT beside it alone.
  const cookieJwt = await signIn(jar, { mode: 'jwt', transport: 'cookie' });
  const headerJwt = await signIn(jar, { mode: 'jwt', transport: 'header' });
  const revoked = await jar.post('/api/token/revoke', { data: { token: headerJwt.bearer } });
  expect(revoked.status()).toBe(200);
  expect(((await revoked.json()) as { families_revoked: number }).families_revoked).toBe(1);
  expect((await jar.post('/api/token/refresh', { headers: { 'Authlab-Cell': 'jwt-header' } })).status()).toBe(401);
  await refresh(jar, cookieJwt);
  await expectCell(await me(jar, cookieJwt), cookieJwt.cell, 'the cookie JWT after the header JWT was revoked');

  // Each cookie cell held side by side still gets the CSRF defence.
  for (const cell of ['session-cookie', 'jwt-cookie']) {
    const crossSite = await jar.patch('/api/settings', {
      headers: { 'Authlab-Cell': cell, Origin: 'https://evil.example' },
      data: { jwtDenylist: false },
    });
    expect(crossSite.status(), cell).toBe(403);
    expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe('csrf_rejected');
  }
  await jar.dispose();
});
