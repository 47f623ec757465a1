// Login fixation by a tossed lone refresh cookie (outside check "eighth", E1): the refresh cookie is used only beside
// its `__Host-` companion. A lone or mismatched one is 401 invalid_token, cleared, and its family is left alone.
// POST /api/token/revoke is played here too: the scenario (a toss, then the owner's own use) spans both routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../../../test/store';
import type { Config } from '@/lib/config';
import { REFRESH_BIND_OF, REFRESH_COOKIE_OF } from '@/lib/http/cookie-names';
import { tossedCookieClears } from '@/lib/http/edge-guard';
import { TRANSPORTS, type Transport } from '@/lib/auth/transport/transport';

let store: Awaited<ReturnType<typeof startTestStore>>;
let routes: {
  refresh: (request: Request) => Promise<Response>;
  revoke: (request: Request) => Promise<Response>;
  signIn: (
    transport: Transport,
    https?: boolean,
  ) => Promise<{ family: string; refresh: string; bind: string; setCookies: string[]; accessToken: string | undefined }>;
};

const ctx = { params: Promise.resolve({}) };
const HOST = 'app.example.test';
let users = 0;

beforeAll(async () => {
  store = await startTestStore();
  Object.assign(process.env, {
    JWT_ALG: 'HS256',
    JWT_SECRET: 's'.repeat(40),
    SESSION_PASSWORD: 'p'.repeat(32),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: store.token,
    REFRESH_REUSE_GRACE: '0',
  });
  const refresh = await import('./route');
  const revoke = await import('../revoke/route');
  const { getConfig } = await import('@/lib/config');
  const { startFamily } = await import('@/lib/auth/refresh');
  const { tokenResponse } = await import('@/lib/auth/token-http');
  const config: Config = getConfig();
  routes = {
    refresh: async (request) => refresh.POST(request, ctx),
    revoke: async (request) => revoke.POST(request, ctx),
    // A JWT sign-in as POST /api/token answers it (the family, then the token response with its cookies).
    signIn: async (transport, https = false) => {
      const user = { id: `u_bind_${++users}_${Math.random().toString(36).slice(2, 8)}`, username: `bind${users}`, role: 'member' as const };
      const family = await startFamily(user, { refreshTokenTtl: 600, accessTokenTtl: 300, refreshAbsoluteTtl: 3_600 }, { transport });
      const response = await tokenResponse(request('/api/token', '', https), config, user, family);
      const setCookies = response.headers.getSetCookie();
      const body = (await response.json()) as { access_token?: string };
      return {
        accessToken: body.access_token,
        family: family.family,
        refresh: valueOf(setCookies, REFRESH_COOKIE_OF[transport], https),
        bind: valueOf(setCookies, REFRESH_BIND_OF[transport], https),
        setCookies,
      };
    },
  };
});
afterAll(async () => {
  await store.close();
});

const spelled = (name: string, https: boolean) => (https ? `${name.includes('_bind') ? '__Host-' : '__Secure-'}${name}` : name);
function valueOf(setCookies: string[], name: string, https = false): string {
  const found = setCookies.map((c) => new RegExp(`^${spelled(name, https)}=([^;]+)`).exec(c)?.[1]).find(Boolean);
  if (!found) throw new Error(`no ${name} in ${setCookies.join(' | ')}`);
  return found;
}

function request(path: string, cookie: string, https = false, body?: unknown): Request {
  const headers = new Headers({ host: HOST, cookie });
  // The middleware's stamp of the request's own origin: how a handler tells HTTPS (behind a trusted proxy) from HTTP.
  if (https) headers.set('x-authlab-origin', `https://${HOST}`);
  if (body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`http://${HOST}${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const pair = (t: Transport, refresh: string, bind?: string) =>
  [`${REFRESH_COOKIE_OF[t]}=${refresh}`, ...(bind === undefined ? [] : [`${REFRESH_BIND_OF[t]}=${bind}`])].join('; ');

async function expectUnbound(response: Response, t: Transport, https = false, path = '/api/token/refresh') {
  expect(response.status).toBe(401);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('invalid_token');
  expect(body.error.message).toContain("isn't bound to this browser");
  const set = response.headers.getSetCookie();
  const refreshName = spelled(REFRESH_COOKIE_OF[t], https);
  // The clears go in batches that fit 4 KiB of headers (lib/http/edge-guard.ts, clearsBatch), the companion's first,
  // then every copy of the refresh cookie it can name, host-only and for the parent domains, along the path; a cursor
  // cookie says where the next answer goes on.
  const cursor = set.filter((c) => /^(__Host-)?authlab_clears(_[a-z]+)?=/.test(c));
  const clears = set.filter((c) => !cursor.includes(c));
  expect(cursor.length).toBeLessThanOrEqual(1);
  const bind = tossedCookieClears(spelled(REFRESH_BIND_OF[t], https), HOST, path, https);
  const [own = '', others] = [bind.at(-1), bind.slice(0, -1)];
  const all = [own, ...tossedCookieClears(refreshName, HOST, path, https), ...others];
  expect(clears).toEqual(all.slice(0, clears.length));
  expect(clears[0]).toMatch(new RegExp(`^${spelled(REFRESH_BIND_OF[t], https)}=; Path=/; .*Max-Age=0`));
  expect(clears).toContainEqual(expect.stringMatching(new RegExp(`^${refreshName}=; Path=${path}; Domain=example\\.test; Max-Age=0`)));
  // Nothing is set: no successor, no companion.
  expect(clears.every((c) => /Max-Age=0/.test(c))).toBe(true);
}

describe('POST /api/token/refresh with a refresh cookie and its companion', () => {
  it.each(TRANSPORTS)(
    'jwt-%s: the sign-in sets a companion beside the refresh cookie: HttpOnly, SameSite=Strict, Path=/, same Max-Age',
    async (t) => {
      const plain = await routes.signIn(t);
      const companion = plain.setCookies.find((c) => c.startsWith(`${REFRESH_BIND_OF[t]}=`)) ?? '';
      expect(companion).toMatch(/; Path=\/; Max-Age=600; HttpOnly; SameSite=Strict$/);
      // Over HTTPS it is __Host- (no sibling host can set one), the refresh cookie __Secure- (Path=/api/token).
      const https = await routes.signIn(t, true);
      expect(https.setCookies).toContainEqual(
        expect.stringMatching(
          new RegExp(`^__Host-${REFRESH_BIND_OF[t]}=[\\w-]{43}; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Strict$`),
        ),
      );
      expect(https.setCookies).toContainEqual(
        expect.stringMatching(new RegExp(`^__Secure-${REFRESH_COOKIE_OF[t]}=[^;]+; Path=/api/token; Max-Age=600;`)),
      );
    },
  );

  it.each(TRANSPORTS)("jwt-%s: the owner's pair rotates, and the companion stays the same across rotations", async (t) => {
    const owner = await routes.signIn(t);
    const first = await routes.refresh(request('/api/token/refresh', pair(t, owner.refresh, owner.bind)));
    expect(first.status).toBe(200);
    const successor = valueOf(first.headers.getSetCookie(), REFRESH_COOKIE_OF[t]);
    expect(successor).not.toBe(owner.refresh);
    expect(valueOf(first.headers.getSetCookie(), REFRESH_BIND_OF[t])).toBe(owner.bind);
    const second = await routes.refresh(request('/api/token/refresh', pair(t, successor, owner.bind)));
    expect(second.status).toBe(200);
  });

  it.each(TRANSPORTS)('jwt-%s: a lone tossed refresh cookie is 401, cleared, and its family neither rotated nor ended', async (t) => {
    const attacker = await routes.signIn(t);
    await expectUnbound(await routes.refresh(request('/api/token/refresh', pair(t, attacker.refresh))), t);
    // Not rotated (no reuse later) and not revoked: the attacker's own pair still rotates this very token.
    const own = await routes.refresh(request('/api/token/refresh', pair(t, attacker.refresh, attacker.bind)));
    expect(own.status).toBe(200);
  });

  it.each(TRANSPORTS)("jwt-%s: beside the victim's own companion of another sign-in it is 401 too, and nobody's family ends", async (t) => {
    const attacker = await routes.signIn(t);
    const victim = await routes.signIn(t);
    await expectUnbound(await routes.refresh(request('/api/token/refresh', pair(t, attacker.refresh, victim.bind))), t);
    expect((await routes.refresh(request('/api/token/refresh', pair(t, attacker.refresh, attacker.bind)))).status).toBe(200);
    expect((await routes.refresh(request('/api/token/refresh', pair(t, victim.refresh, victim.bind)))).status).toBe(200);
  });

  it('over HTTPS reads and clears the prefixed spellings only', async () => {
    const attacker = await routes.signIn('cookie', true);
    const tossed = `__Secure-${REFRESH_COOKIE_OF.cookie}=${attacker.refresh}`;
    await expectUnbound(await routes.refresh(request('/api/token/refresh', tossed, true)), 'cookie', true);
    // A plain-named companion (which a sibling could set) is not read over HTTPS.
    await expectUnbound(
      await routes.refresh(request('/api/token/refresh', `${tossed}; ${REFRESH_BIND_OF.cookie}=${attacker.bind}`, true)),
      'cookie',
      true,
    );
    const owner = await routes.refresh(request('/api/token/refresh', `${tossed}; __Host-${REFRESH_BIND_OF.cookie}=${attacker.bind}`, true));
    expect(owner.status).toBe(200);
  });

  it('a lone junk or unknown refresh cookie (tossed for a parent domain?) is cleared where a sibling puts one: retries follow the batches to the end (outside check "ninth-b" N1)', async () => {
    for (const https of [false, true]) {
      const name = spelled(REFRESH_COOKIE_OF.cookie, https);
      const all = new Set<string>();
      let cursor = '';
      let answers = 0;
      for (; answers < 10; answers += 1) {
        const refused = await routes.refresh(
          request('/api/token/refresh', [`${name}=junk`, ...(cursor ? [cursor] : [])].join('; '), https),
        );
        expect(refused.status).toBe(401);
        const set = refused.headers.getSetCookie();
        if (answers === 0) {
          // Where a sibling puts a copy that is read first: the deepest path, the shared parent domain, in the first answer.
          expect(set).toContain(
            `${name}=; Path=/api/token/refresh/; Domain=example.test; Max-Age=0${https ? '; Secure' : ''}; HttpOnly; SameSite=Lax`,
          );
        }
        for (const line of set) all.add(line);
        const next = set.find((c) => /^(__Host-)?authlab_clears_refresh=/.test(c));
        if (!next || /=[0-9a-z]+\.0;/.test(next)) break;
        cursor = next.slice(0, next.indexOf(';'));
      }
      expect(answers, `https ${https}`).toBeLessThan(5);
      for (const line of tossedCookieClears(name, HOST, '/api/token/refresh', https)) expect(all, line).toContain(line);
    }
  });

  it('a dead token with its companion is cleared as before, the companion with it', async () => {
    const owner = await routes.signIn('header');
    expect((await routes.revoke(request('/api/token/revoke', pair('header', owner.refresh, owner.bind)))).status).toBe(200);
    const dead = await routes.refresh(request('/api/token/refresh', pair('header', owner.refresh, owner.bind)));
    expect(dead.status).toBe(401);
    const set = dead.headers.getSetCookie();
    expect(set.slice(0, 2)).toEqual([
      expect.stringMatching(/^authlab_refresh=; Path=\/api\/token; Max-Age=0/),
      expect.stringMatching(/^authlab_refresh_bind=; Path=\/; Max-Age=0/),
    ]);
    // And the batched clears of every copy it can name (it may have been tossed in: outside check "ninth-b" N1).
    expect(set).toContainEqual(expect.stringMatching(/^authlab_refresh=; Path=\/api\/token\/refresh; Domain=example\.test; Max-Age=0/));
    expect(set.every((c) => /Max-Age=0/.test(c) || /^authlab_clears_refresh=/.test(c))).toBe(true);
  });
});

describe('POST /api/token/revoke with a refresh cookie', () => {
  it.each(TRANSPORTS)("jwt-%s: a lone tossed one can't revoke or sign out everywhere: 401, cleared, the family lives", async (t) => {
    const attacker = await routes.signIn(t);
    const victim = await routes.signIn(t);
    await expectUnbound(await routes.revoke(request('/api/token/revoke', pair(t, attacker.refresh))), t, false, '/api/token/revoke');
    await expectUnbound(
      await routes.revoke(request('/api/token/revoke', pair(t, attacker.refresh, victim.bind), false, { everywhere: true })),
      t,
      false,
      '/api/token/revoke',
    );
    expect((await routes.refresh(request('/api/token/refresh', pair(t, attacker.refresh, attacker.bind)))).status).toBe(200);
  });

  it.each(TRANSPORTS)("jwt-%s: the owner's pair revokes, and the answer clears the companion too", async (t) => {
    const owner = await routes.signIn(t);
    const revoked = await routes.revoke(request('/api/token/revoke', pair(t, owner.refresh, owner.bind)));
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ status: 'revoked', families_revoked: 1 });
    expect(revoked.headers.getSetCookie()).toContainEqual(expect.stringMatching(new RegExp(`^${REFRESH_BIND_OF[t]}=; Path=/; Max-Age=0`)));
    expect((await routes.refresh(request('/api/token/refresh', pair(t, owner.refresh, owner.bind)))).status).toBe(401);
  });

  it("beside a live access token of the page the sign-out goes on without it: the page's sign-in ends, the tossed one's does not", async () => {
    const attacker = await routes.signIn('header');
    const victim = await routes.signIn('header');
    const revoked = await routes.revoke(
      request('/api/token/revoke', pair('header', attacker.refresh, victim.bind), false, { token: victim.accessToken }),
    );
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ status: 'revoked', families_revoked: 1 });
    // Cleared wherever a sibling could have tossed it.
    expect(revoked.headers.getSetCookie()).toContainEqual(
      expect.stringMatching(/^authlab_refresh=; Path=\/api\/token; Domain=example\.test; Max-Age=0/),
    );
    expect((await routes.refresh(request('/api/token/refresh', pair('header', victim.refresh, victim.bind)))).status).toBe(401);
    expect((await routes.refresh(request('/api/token/refresh', pair('header', attacker.refresh, attacker.bind)))).status).toBe(200);
  });
});
