// The HTTP contract of API.md, checked against the production server with plain requests.
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { USERS, demoCredentials } from './fixtures';

async function errorCode(response: APIResponse) {
  const body = await response.json();
  expect(typeof body.error.message).toBe('string');
  return body.error.code as string;
}

async function sessionLogin(request: APIRequestContext, user: keyof typeof USERS = 'alice') {
  const response = await request.post('/api/session/login', { data: { username: USERS[user].username, password: USERS[user].password } });
  expect(response.status()).toBe(200);
  const setCookie = response.headers()['set-cookie'] ?? '';
  const value = /authlab_session=([^;]+)/.exec(setCookie)?.[1];
  expect(value).toBeTruthy();
  return { body: await response.json(), cookie: `authlab_session=${value}`, setCookie };
}

async function tokenLogin(request: APIRequestContext, user: keyof typeof USERS = 'alice') {
  const response = await request.post('/api/token', { data: { username: USERS[user].username, password: USERS[user].password } });
  expect(response.status()).toBe(200);
  return { body: await response.json(), response };
}

test.describe('health', () => {
  test('liveness and readiness', async ({ request }) => {
    const health = await request.get('/api/health');
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await request.get('/api/ready');
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', store: 'up' });
  });
});

test.describe('errors', () => {
  test('unknown /api routes are a JSON 404', async ({ request }) => {
    for (const path of ['/api', '/api/nope', '/api/admin/nope', '/api/session/nope/deeper', '/api/me/extra']) {
      const response = await request.get(path);
      expect(response.status()).toBe(404);
      expect(await errorCode(response)).toBe('not_found');
    }
  });

  test('a wrong method is a JSON 405 with Allow', async ({ request }) => {
    for (const [method, path, allow] of [
      ['GET', '/api/session/login', 'POST'],
      ['DELETE', '/api/me', 'GET'],
      ['PUT', '/api/token', 'POST'],
      ['POST', '/api/health', 'GET'],
    ] as const) {
      const response = await request.fetch(path, { method });
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers()['allow']).toContain(allow);
      expect(await errorCode(response)).toBe('method_not_allowed');
    }
  });

  test('bad sign-in bodies get a clear 4xx, never a 5xx', async ({ request }) => {
    for (const path of ['/api/session/login', '/api/token']) {
      const badJson = await request.post(path, { headers: { 'Content-Type': 'application/json' }, data: Buffer.from('{"username":') });
      expect(badJson.status()).toBe(400);
      expect(await errorCode(badJson)).toBe('invalid_json');

      const missing = await request.post(path, { data: { username: 'alice' } });
      expect(missing.status()).toBe(400);
      const body = await missing.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toContain('password');

      const wrongType = await request.post(path, { data: { username: 42, password: ['x'] } });
      expect(wrongType.status()).toBe(400);

      const notJson = await request.post(path, { headers: { 'Content-Type': 'text/plain' }, data: 'username=alice' });
      expect(notJson.status()).toBe(415);

      const huge = await request.post(path, { data: { username: 'alice', password: 'x'.repeat(40_000) } });
      expect(huge.status()).toBe(413);

      const longPassword = await request.post(path, { data: { username: 'alice', password: 'x'.repeat(1000) } });
      expect(longPassword.status()).toBe(400);
    }
  });

  test('an unknown user and a wrong password get the same 401', async ({ request }) => {
    const unknown = await request.post('/api/session/login', { data: { username: `ghost-${Date.now()}`, password: 'whatever' } });
    const wrong = await request.post('/api/token', { data: { username: 'bob', password: 'not-builder' } });
    expect(unknown.status()).toBe(401);
    expect(wrong.status()).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
    expect(unknown.headers()['set-cookie']).toBeUndefined();
    expect(wrong.headers()['set-cookie']).toBeUndefined();
  });

  test('repeated failures on one account are throttled with Retry-After', async ({ request }) => {
    const username = `throttle-${Date.now()}`;
    const statuses: number[] = [];
    let last: APIResponse | undefined;
    for (let i = 0; i < 6; i += 1) {
      last = await request.post('/api/session/login', { data: { username, password: 'nope' } });
      statuses.push(last.status());
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(await errorCode(last as APIResponse)).toBe('too_many_attempts');
    expect(Number((last as APIResponse).headers()['retry-after'])).toBeGreaterThan(0);
  });
});

test.describe('session mode', () => {
  test('login sets a safe cookie holding only a sealed id, and every login is a new session', async ({ request }) => {
    const first = await sessionLogin(request);
    expect(first.setCookie).toMatch(/HttpOnly/i);
    expect(first.setCookie).toMatch(/Path=\//);
    expect(first.setCookie).toMatch(/SameSite=(Lax|Strict)/i);
    expect(first.setCookie).not.toMatch(/Secure/i); // plain HTTP here
    expect(first.body.user).toEqual({ id: 'u_alice', username: 'alice', role: 'admin' });
    for (const field of ['id', 'createdAt', 'lastSeenAt', 'idleExpiresAt', 'absoluteExpiresAt']) {
      expect(first.body.session).toHaveProperty(field);
    }
    expect(first.cookie).not.toContain(first.body.session.id);
    const second = await sessionLogin(request);
    expect(second.body.session.id).not.toBe(first.body.session.id);
    expect(second.cookie).not.toBe(first.cookie);
  });

  test('GET /api/session, /api/me with Server-Timing, logout, and the replayed cookie fails', async ({ request }) => {
    const { cookie, body } = await sessionLogin(request, 'bob');
    const current = await request.get('/api/session', { headers: { Cookie: cookie } });
    expect(current.status()).toBe(200);
    expect((await current.json()).session.id).toBe(body.session.id);
    expect(current.headers()['cache-control']).toContain('no-store');

    const me = await request.get('/api/me', { headers: { Cookie: cookie } });
    expect(me.status()).toBe(200);
    const meBody = await me.json();
    expect(meBody.user).toEqual({ id: 'u_bob', username: 'bob', role: 'member' });
    expect(meBody.auth.mode).toBe('session');
    expect(me.headers()['server-timing']).toMatch(/^auth;dur=[\d.]+;desc="session lookup"/);
    expect(me.headers()['cache-control']).toContain('no-store');

    const logout = await request.post('/api/session/logout', { headers: { Cookie: cookie } });
    expect(logout.status()).toBe(200);
    expect(logout.headers()['set-cookie']).toMatch(/authlab_session=;.*Max-Age=0/);
    const replay = await request.get('/api/me', { headers: { Cookie: cookie } });
    expect(replay.status()).toBe(401);
    expect(await errorCode(replay)).toBe('session_revoked');
    expect(replay.headers()['set-cookie']).toMatch(/authlab_session=;/);
  });

  test('tampered and foreign cookies are a 401 that clears the cookie', async ({ request }) => {
    const { cookie } = await sessionLogin(request);
    const value = cookie.split('=').slice(1).join('=');
    const tampered = value.slice(0, 40) + (value[40] === 'A' ? 'B' : 'A') + value.slice(41);
    for (const bad of [tampered, 'garbage', 'Fe26.2**x*y*z', 'x'.repeat(3000)]) {
      const response = await request.get('/api/me', { headers: { Cookie: `authlab_session=${bad}` } });
      expect(response.status()).toBe(401);
      expect(await errorCode(response)).toBe('unauthenticated');
      expect(response.headers()['set-cookie']).toMatch(/authlab_session=;/);
    }
  });

  test('a cookie-authenticated state change from another origin is refused', async ({ request }) => {
    const { cookie } = await sessionLogin(request);
    for (const origin of ['https://evil.example', 'null']) {
      const logout = await request.post('/api/session/logout', { headers: { Cookie: cookie, Origin: origin } });
      expect(logout.status()).toBe(403);
      expect(await errorCode(logout)).toBe('csrf_rejected');
    }
    const crossSite = await request.post('/api/session/login', {
      headers: { 'Sec-Fetch-Site': 'cross-site' },
      data: demoCredentials('alice'),
    });
    expect(crossSite.status()).toBe(403);
    const still = await request.get('/api/me', { headers: { Cookie: cookie } });
    expect(still.status()).toBe(200);
  });
});

test.describe('JWT mode', () => {
  test('POST /api/token gives an access token with the contract claims and a scoped refresh cookie', async ({ request }) => {
    const { body, response } = await tokenLogin(request);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(300);
    const [h, p] = (body.access_token as string).split('.');
    const header = JSON.parse(Buffer.from(h as string, 'base64url').toString());
    const claims = JSON.parse(Buffer.from(p as string, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(typeof header.kid).toBe('string');
    for (const claim of ['iss', 'aud', 'sub', 'iat', 'exp', 'jti', 'role']) expect(claims).toHaveProperty(claim);
    expect(claims.exp - claims.iat).toBe(300);
    const setCookie = response.headers()['set-cookie'] ?? '';
    expect(setCookie).toMatch(/authlab_refresh=[^;]+;.*Path=\/api\/token/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(response.headers()['cache-control']).toContain('no-store');
  });

  test('/api/me with a bearer token, Server-Timing names the check', async ({ request }) => {
    const { body } = await tokenLogin(request, 'bob');
    const me = await request.get('/api/me', { headers: { Authorization: `Bearer ${body.access_token}` } });
    expect(me.status()).toBe(200);
    const meBody = await me.json();
    expect(meBody.user.username).toBe('bob');
    expect(meBody.auth.mode).toBe('jwt');
    expect(me.headers()['server-timing']).toMatch(/^auth;dur=[\d.]+;desc="jwt ES256"/);
    const admin = await request.get('/api/admin/overview', { headers: { Authorization: `Bearer ${body.access_token}` } });
    expect(admin.status()).toBe(403);
    expect(await errorCode(admin)).toBe('forbidden');
  });

  test('a bad bearer token is a 401 with WWW-Authenticate, never a fall-back to the cookie', async ({ request }) => {
    const { cookie } = await sessionLogin(request);
    const { body } = await tokenLogin(request);
    const [h, p, s] = (body.access_token as string).split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin', sub: 'u_bob' }),
    ).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    for (const token of [`${h}.${forged}.${s}`, `${none}.${p}.`, 'not-a-jwt', `${h}.${p}`, 'a.b.c']) {
      const response = await request.get('/api/me', { headers: { Cookie: cookie, Authorization: `Bearer ${token}` } });
      expect(response.status(), token).toBe(401);
      expect(await errorCode(response)).toBe('invalid_token');
      expect(response.headers()['www-authenticate']).toContain('Bearer error="invalid_token"');
    }
  });

  test('refresh rotates the cookie; revoke ends the family', async ({ request }) => {
    await tokenLogin(request, 'bob');
    const refreshed = await request.post('/api/token/refresh');
    expect(refreshed.status()).toBe(200);
    expect((await refreshed.json()).token_type).toBe('Bearer');
    const revoke = await request.post('/api/token/revoke', { data: {} });
    expect(revoke.status()).toBe(200);
    const after = await request.post('/api/token/refresh');
    expect(after.status()).toBe(401);
  });

  test('the JWKS publishes public keys only', async ({ request }) => {
    const response = await request.get('/.well-known/jwks.json');
    expect(response.status()).toBe(200);
    const { keys } = await response.json();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toHaveProperty('kid');
      for (const secret of ['d', 'k', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    }
  });
});

test.describe('identity', () => {
  test("a client's own identity headers grant nothing", async ({ request }) => {
    const forged = Buffer.from(
      JSON.stringify({ identity: { user: { id: 'u_alice', username: 'alice', role: 'admin' }, mode: 'jwt' }, t: Date.now() }),
    ).toString('base64url');
    for (const path of ['/api/me', '/api/admin/overview']) {
      const response = await request.get(path, {
        headers: {
          'x-authlab-identity': forged,
          'x-authlab-identity-sig': 'AAAA',
          'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware',
        },
      });
      expect(response.status()).toBe(401);
    }
  });

  test('the hybrid exchange gives an internal token that only the internal route accepts', async ({ request }) => {
    const { cookie } = await sessionLogin(request);
    const exchange = await request.post('/api/session/exchange', { headers: { Cookie: cookie } });
    expect(exchange.status()).toBe(200);
    const internal = await exchange.json();
    expect(internal.expires_in).toBeLessThanOrEqual(60);
    const report = await request.get('/api/internal/report', { headers: { Authorization: `Bearer ${internal.access_token}` } });
    expect(report.status()).toBe(200);
    const asPublic = await request.get('/api/me', { headers: { Authorization: `Bearer ${internal.access_token}` } });
    expect(asPublic.status()).toBe(401);
    const { body } = await tokenLogin(request);
    expect((await request.get('/api/internal/report', { headers: { Authorization: `Bearer ${body.access_token}` } })).status()).toBe(401);
    expect((await request.get('/api/internal/report', { headers: { Cookie: cookie } })).status()).toBe(401);
  });
});
