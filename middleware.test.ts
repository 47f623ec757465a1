import { NextRequest, type NextFetchEvent } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stampedOrigin } from './lib/http/request-origin';

const event = { waitUntil: () => undefined } as unknown as NextFetchEvent;

/** The middleware as a fresh process loads it, with this environment. */
async function load(env: Record<string, string> = {}) {
  vi.resetModules();
  for (const [name, value] of Object.entries({
    JWT_ALG: 'HS256',
    JWT_SECRET: 's'.repeat(40),
    SESSION_PASSWORD: 'p'.repeat(32),
    UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1',
    UPSTASH_REDIS_REST_TOKEN: 't'.repeat(32),
    ...env,
  })) {
    vi.stubEnv(name, value);
  }
  const { middleware } = await import('./middleware');
  return (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    middleware(new NextRequest(`http://127.0.0.1:3000${path}`, { method, headers: { host: '127.0.0.1:3000', ...headers } }), event);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A request header the middleware forwards to the handler (Next carries them as x-middleware-request-*). */
const forwarded = (response: Response, name: string) => response.headers.get(`x-middleware-request-${name}`);

describe('middleware', () => {
  it('answers 421 for a foreign Host on pages, the API and the JWKS alike', async () => {
    const call = await load();
    for (const path of ['/', '/nope', '/api/health', '/api/me', '/.well-known/jwks.json']) {
      const response = await call(path, { host: 'evil.example' });
      expect(response.status).toBe(421);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('misdirected_request');
    }
    expect((await call('/', { host: 'app.example' })).status).toBe(421);
    const listed = await load({ ALLOWED_HOSTS: 'app.example' });
    expect((await listed('/', { host: 'app.example' })).status).toBe(200);
  });

  it('over plain HTTP: the CSP on pages and prefetches, no HSTS, and a forged origin stamp replaced', async () => {
    const call = await load();
    for (const headers of [{}, { rsc: '1', 'next-router-prefetch': '1' }, { purpose: 'prefetch' }]) {
      const response = await call('/', headers);
      expect(response.headers.get('content-security-policy')).toMatch(/'nonce-[\w-]+'/);
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    const forged = await call('/api/health', { 'x-authlab-origin': 'https://127.0.0.1:3000', 'x-forwarded-proto': 'https' });
    expect(forwarded(forged, 'x-authlab-origin')).toBe('http://127.0.0.1:3000');
    expect(forged.headers.get('strict-transport-security')).toBeNull();
  });

  it('over HTTPS (told by a trusted proxy): HSTS and COOP on pages and the API, and the https origin stamped', async () => {
    const call = await load({ TRUST_PROXY_HOPS: '1', ALLOWED_HOSTS: 'app.example' });
    for (const path of ['/', '/api/health']) {
      const response = await call(path, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example' });
      expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(forwarded(response, 'x-authlab-origin')).toBe('https://app.example');
    }
    // The proxy's X-Forwarded-Host is what is judged against ALLOWED_HOSTS.
    expect((await call('/', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' })).status).toBe(421);
  });

  it('reads the session cookie under the spelling for the real scheme, whatever origin stamp the client sends', async () => {
    const call = await load();
    const response = await call('/api/me', { cookie: 'authlab_session=garbage', 'x-authlab-origin': 'https://127.0.0.1:3000' });
    expect(response.status).toBe(401);
    // The plain-HTTP cookie was read (and, being garbage, cleared), not the __Host- one the forged stamp would pick.
    expect(response.headers.get('set-cookie')).toMatch(/^authlab_session=;/);
    expect(response.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('refuses tossed and oversized cookies before authenticating', async () => {
    const call = await load();
    const tossed = await call('/api/me', { cookie: 'authlab_session=a; authlab_session=b' });
    expect(tossed.status).toBe(400);
    const many = Array.from({ length: 1_800 }, (_, i) => `${i.toString(36)}=1`).join('; ');
    expect((await call('/', { cookie: many })).status).toBe(431);
  });

  it('refuses a tossed access-token cookie (either spelling) with 400 duplicate_cookie before authenticating', async () => {
    const call = await load();
    for (const name of ['authlab_access', 'authlab_access_sig', '__Host-authlab_access', '__Host-authlab_access_sig']) {
      for (const path of ['/api/me', '/api/token/revoke', '/']) {
        const response = await call(
          path,
          { cookie: `${name}=a; x=1; ${name}=b` },
          path === '/' ? 'GET' : path === '/api/me' ? 'GET' : 'POST',
        );
        expect(response.status, `${name} ${path}`).toBe(400);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('duplicate_cookie');
        // The refusal clears the tossed name, so the browser's next request is not refused again.
        expect(response.headers.getSetCookie().filter((c) => c.startsWith(`${name}=;`) && c.includes('Max-Age=0')).length).toBeGreaterThan(
          0,
        );
      }
    }
  });

  it('a refusal’s clears never carry the request path’s own text into a Set-Cookie (outside check "recheck", N1)', async () => {
    const call = await load();
    const response = await call('/api/x,__Host-authlab_session=FIXED;Secure;Path=/,z=1', {
      cookie: 'authlab_session=a; authlab_session=b',
    });
    expect(response.status).toBe(400);
    const set = response.headers.getSetCookie();
    expect(set.length).toBeGreaterThan(0);
    for (const value of set) {
      expect(value.startsWith('authlab_session=; Path=/')).toBe(true);
      expect(value).not.toMatch(/,|FIXED/);
    }
  });

  it('the edge’s own refusals for a host it serves carry HSTS and COOP over HTTPS; a 421 never does (outside check "eighth" O1)', async () => {
    const https = await load({ TRUST_PROXY_HOPS: '1', ALLOWED_HOSTS: 'app.example' });
    const over = (host: string, cookie: string) => https('/api/me', { 'x-forwarded-proto': 'https', 'x-forwarded-host': host, cookie });
    const many = Array.from({ length: 1_800 }, (_, i) => `${i.toString(36)}=1`).join('; ');
    for (const [cookie, status] of [
      ['__Host-authlab_session=a; __Host-authlab_session=b', 400],
      [many, 431],
    ] as const) {
      const refused = await over('app.example', cookie);
      expect(refused.status).toBe(status);
      expect(refused.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
      expect(refused.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      // Over plain HTTP, none.
      const plain = await https('/api/me', { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'app.example', cookie });
      expect(plain.status).toBe(status);
      expect(plain.headers.get('strict-transport-security')).toBeNull();
    }
    const foreign = await over('evil.example', '');
    expect(foreign.status).toBe(421);
    expect(foreign.headers.get('strict-transport-security')).toBeNull();
  });

  it('reads the access-token cookies only under the spelling for the scheme', async () => {
    const code = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
    const http = await load();
    // Over HTTP the __Host- spelling is somebody else's cookie: no credential at all.
    expect(await code(await http('/api/me', { cookie: '__Host-authlab_access=garbage' }))).toBe('unauthenticated');
    expect(await code(await http('/api/me', { cookie: 'authlab_access=garbage' }))).toBe('invalid_token');
    const https = await load({ TRUST_PROXY_HOPS: '1', ALLOWED_HOSTS: 'app.example' });
    const over = (cookie: string, extra: Record<string, string> = {}) =>
      https('/api/me', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example', cookie, ...extra });
    expect(await code(await over('authlab_access=garbage'))).toBe('unauthenticated');
    expect(await code(await over('__Host-authlab_access=garbage'))).toBe('invalid_token');
    // The split JWT's signature cookie, likewise: only __Host- counts over HTTPS.
    const split = { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0' };
    const plainSig = await over(`authlab_access_sig=${'A'.repeat(43)}`, split);
    expect((await plainSig.json()) as unknown).toMatchObject({
      error: { code: 'invalid_token', message: expect.stringMatching(/signature cookie is missing/) },
    });
    const prefixedSig = await over(`__Host-authlab_access_sig=${'A'.repeat(43)}`, split);
    expect((await prefixedSig.json()) as unknown).toMatchObject({
      error: { code: 'invalid_token', message: expect.not.stringMatching(/missing/) },
    });
  });

  it('passes an unauthenticated /api request on untouched when nothing needs stripping and no proxy is trusted', async () => {
    const call = await load();
    for (const [path, method] of [
      ['/api/health', 'GET'],
      ['/api/session/logout', 'POST'],
      ['/api/settings', 'GET'],
      ['/api/nope', 'DELETE'],
    ] as const) {
      const response = await call(path, { cookie: 'authlab_session=x', origin: 'https://evil.example' }, method);
      expect(response.headers.get('x-middleware-next'), path).toBe('1');
      // No request-header override at all: the handler sees the request as the client sent it.
      expect(response.headers.get('x-middleware-override-headers'), path).toBeNull();
      expect(forwarded(response, 'x-authlab-origin')).toBeNull();
    }
    // What the handler then works out is what the middleware would have stamped (the CSRF check compares against it).
    const request = new Request('http://127.0.0.1:3000/api/session/logout', { method: 'POST', headers: { host: '127.0.0.1:3000' } });
    expect(stampedOrigin(request)).toBe('http://127.0.0.1:3000');
    expect(stampedOrigin(new Request(request, { headers: { host: 'evil.example', 'x-forwarded-proto': 'https' } }))).toBe(
      'http://evil.example',
    );
  });

  it('still strips a client-sent x-authlab-origin / x-authlab-identity on an unprotected route, and stamps the real origin', async () => {
    const call = await load();
    const client = {
      'x-authlab-origin': 'https://evil.example',
      'x-authlab-identity': '{"user":{"id":"u_alice","role":"admin"}}',
      'x-authlab-identity-sig': 'forged',
      'X-Authlab-Other': '1',
    };
    for (const [path, method] of [
      ['/api/health', 'GET'],
      ['/api/session/logout', 'POST'],
      ['/api/settings', 'GET'],
      ['/api/sessions', 'DELETE'],
    ] as const) {
      for (const [name, value] of Object.entries(client)) {
        const response = await call(path, { [name]: value }, method);
        const kept = (response.headers.get('x-middleware-override-headers') ?? '').split(',');
        expect(kept, `${path} ${name}`).toContain('x-authlab-origin');
        expect(forwarded(response, 'x-authlab-origin')).toBe('http://127.0.0.1:3000');
        for (const gone of ['x-authlab-identity', 'x-authlab-identity-sig', 'x-authlab-other']) {
          expect(kept).not.toContain(gone);
          expect(forwarded(response, gone)).toBeNull();
        }
      }
    }
  });

  it('behind a trusted proxy always stamps the origin it worked out (the handler must not re-derive it)', async () => {
    const call = await load({ TRUST_PROXY_HOPS: '1', ALLOWED_HOSTS: 'app.example' });
    const response = await call('/api/session/logout', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example' }, 'POST');
    expect(forwarded(response, 'x-authlab-origin')).toBe('https://app.example');
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
  });

  it('lets an outage end key through to the route (which checks it); the same request without it needs a credential', async () => {
    const call = await load();
    const withKey = await call('/api/admin/store-outage', { 'outage-end-key': 'x' }, 'POST');
    expect(withKey.headers.get('x-middleware-next')).toBe('1');
    const without = await call('/api/admin/store-outage', {}, 'POST');
    expect(without.status).toBe(401);
  });
});
