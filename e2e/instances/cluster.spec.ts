// Two instances over one store (`npm run cluster`): a credential from one works on the other, a revoke
// on one is refused by the other within a second, and refresh rotation holds across them, including
// twenty parallel refreshes of one token (exactly one 200 with REFRESH_REUSE_GRACE=0).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USERS, expect, test } from '../fixtures';
import { freePorts } from '../../tooling/ports';
import { launch, stop, type Launched } from './launch';

const alice = JSON.stringify({ username: USERS.alice.username, password: USERS.alice.password });
const json = { 'Content-Type': 'application/json' };

/** A bare client: every credential is passed explicitly, so which instance sees what is plain. */
async function call(url: string, init: { method?: string; cookie?: string; bearer?: string; body?: string } = {}) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? json : {}),
      ...(init.cookie ? { Cookie: init.cookie } : {}),
      ...(init.bearer ? { Authorization: `Bearer ${init.bearer}` } : {}),
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const setCookie = response.headers.getSetCookie();
  return { status: response.status, body, setCookie, code: (body.error as { code?: string } | undefined)?.code };
}

const cookieFrom = (setCookie: string[], name: string) => {
  const line = setCookie.find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} in ${setCookie.join(' | ')}`);
  return line.split(';')[0] as string;
};
/** The refresh cookie with its companion (lib/auth/refresh-binding.ts), as the browser sends them. */
const refreshPairFrom = (setCookie: string[]) =>
  `${cookieFrom(setCookie, 'authlab_refresh')}; ${cookieFrom(setCookie, 'authlab_refresh_bind')}`;

/** Milliseconds from now until `probe` answers `status`, polling every 20 ms. */
async function msUntil(probe: () => Promise<number>, status: number, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await probe()) === status) return Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${status} within ${timeoutMs} ms`);
}

let cluster: Launched | undefined;
let dataDir: string;
let a: string;
let b: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(join(tmpdir(), 'authlab-cluster-'));
  cluster = await launch({ script: 'cluster', port: await freePorts(2), dataDir, instances: 2, env: { REFRESH_REUSE_GRACE: '0' } });
  [a, b] = cluster.urls as [string, string];
});

test.afterAll(async () => {
  if (cluster) await stop(cluster);
  rmSync(dataDir, { recursive: true, force: true });
});

test('session: signed in on A, used on B, revoked from B, A refuses within a second', async () => {
  const device1 = await call(`${a}/api/session/login`, { method: 'POST', body: alice });
  expect(device1.status).toBe(200);
  const cookie1 = cookieFrom(device1.setCookie, 'authlab_session');
  const onB = await call(`${b}/api/me`, { cookie: cookie1 });
  expect(onB.status).toBe(200);
  expect((onB.body.user as { username: string }).username).toBe('alice');

  const device2 = await call(`${b}/api/session/login`, { method: 'POST', body: alice });
  const cookie2 = cookieFrom(device2.setCookie, 'authlab_session');
  const id1 = (device1.body.session as { id: string }).id;
  const revoked = await call(`${b}/api/sessions/${id1}`, { method: 'DELETE', cookie: cookie2 });
  expect(revoked.status).toBe(200);
  const ms = await msUntil(async () => (await call(`${a}/api/me`, { cookie: cookie1 })).status, 401);
  expect(ms).toBeLessThan(1_000);
  expect((await call(`${a}/api/me`, { cookie: cookie1 })).code).toBe('session_revoked');
  expect((await call(`${a}/api/me`, { cookie: cookie2 })).status).toBe(200);
  console.log(`[cluster] session revoked on B, refused on A after ${ms} ms`);
});

test('JWT with the denylist on: revoked on B, A refuses within a second; the setting reaches both', async () => {
  const admin = (await call(`${a}/api/token`, { method: 'POST', body: alice })).body.access_token as string;
  expect((await call(`${b}/api/settings`, { method: 'PATCH', bearer: admin, body: JSON.stringify({ jwtDenylist: true }) })).status).toBe(
    200,
  );
  // Each instance re-reads the setting at most once a second: a token revoked now is refused on A once it has.
  const probe = (await call(`${a}/api/token`, { method: 'POST', body: alice })).body.access_token as string;
  expect((await call(`${b}/api/token/revoke`, { method: 'POST', body: JSON.stringify({ token: probe }) })).status).toBe(200);
  await expect.poll(async () => (await call(`${a}/api/me`, { bearer: probe })).status, { timeout: 3_000 }).toBe(401);

  const token = (await call(`${a}/api/token`, { method: 'POST', body: alice })).body.access_token as string;
  expect((await call(`${b}/api/me`, { bearer: token })).status).toBe(200);
  expect((await call(`${b}/api/token/revoke`, { method: 'POST', body: JSON.stringify({ token }) })).status).toBe(200);
  const ms = await msUntil(async () => (await call(`${a}/api/me`, { bearer: token })).status, 401);
  expect(ms).toBeLessThan(1_000);
  console.log(`[cluster] JWT revoked on B, refused on A after ${ms} ms`);
  expect((await call(`${a}/api/settings`, { method: 'PATCH', bearer: admin, body: JSON.stringify({ jwtDenylist: false }) })).status).toBe(
    200,
  );
});

test('refresh rotation across instances: rotated on B, the old token replayed on A is theft', async () => {
  const signIn = await call(`${a}/api/token`, { method: 'POST', body: alice });
  const first = refreshPairFrom(signIn.setCookie);
  const rotated = await call(`${b}/api/token/refresh`, { method: 'POST', cookie: first });
  expect(rotated.status).toBe(200);
  const second = refreshPairFrom(rotated.setCookie);
  const replay = await call(`${a}/api/token/refresh`, { method: 'POST', cookie: first });
  expect(replay.status).toBe(401);
  expect(replay.code).toBe('refresh_token_reused');
  // The whole family ended: the newest token too, on either instance.
  expect((await call(`${b}/api/token/refresh`, { method: 'POST', cookie: second })).status).toBe(401);
});

test('twenty parallel refreshes of one token, split over both instances: exactly one 200', async () => {
  const signIn = await call(`${b}/api/token`, { method: 'POST', body: alice });
  const cookie = refreshPairFrom(signIn.setCookie);
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => call(`${i % 2 === 0 ? a : b}/api/token/refresh`, { method: 'POST', cookie })),
  );
  const statuses = answers.map((r) => r.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 401)).toHaveLength(19);
  expect(new Set(answers.filter((r) => r.status === 401).map((r) => r.code))).toEqual(new Set(['refresh_token_reused']));
});
