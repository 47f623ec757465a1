// Restarts lose nothing: `npm start` stopped with SIGTERM, its Next server killed with SIGKILL, and
// (memory store) the whole process tree killed at once; sessions, refresh families, denylist entries,
// the denylist setting and the keys all survive, on the memory store's file and on a real Redis.
// Then the store process itself stops and hangs under a running app: 503s in time, and recovery.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { USERS, expect, test } from '../fixtures';
import { testRedis } from '../test-redis';
import { freePorts } from '../../tooling/ports';
import { groupGone, launch, nextPid, stop, storePid, type Launched } from './launch';

const alice = { username: USERS.alice.username, password: USERS.alice.password };

async function cookieValue(context: APIRequestContext, name: string): Promise<string> {
  const cookie = (await context.storageState()).cookies.find((c) => c.name === name);
  if (!cookie) throw new Error(`no ${name} cookie`);
  return cookie.value;
}

async function timedStatus(context: APIRequestContext, path: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await context.get(path, { headers });
  return { status: response.status(), ms: Math.round(performance.now() - started), body: await response.text() };
}

for (const backend of ['memory', 'redis'] as const) {
  test(`${backend} store: SIGTERM, SIGKILL of Next${backend === 'memory' ? ', SIGKILL of everything' : ''}: nothing is lost`, async ({
    playwright,
  }) => {
    test.setTimeout(180_000);
    const dataDir = mkdtempSync(join(tmpdir(), `authlab-restart-${backend}-`));
    const redis = backend === 'redis' ? await testRedis(7) : undefined;
    const port = await freePorts();
    const baseURL = `http://127.0.0.1:${port}`;
    // Grace 0: a replayed refresh token is theft at once, so the used-markers' survival shows.
    const env = { REFRESH_REUSE_GRACE: '0', ...(redis ? { REDIS_URL: redis.url } : {}) };
    const start = () => launch({ script: 'start', port, dataDir, env });
    let app: Launched | undefined = await start();
    const session = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
    const jwt = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
    const other = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
    try {
      // Before: a session, a token family rotated once, the denylist on, one token denylisted.
      expect((await session.post('/api/session/login', { data: alice })).status()).toBe(200);
      const issued = await jwt.post('/api/token', { data: alice });
      expect(issued.status()).toBe(200);
      const firstRefresh = await cookieValue(jwt, 'authlab_refresh');
      const refreshBind = await cookieValue(jwt, 'authlab_refresh_bind');
      const rotated = await jwt.post('/api/token/refresh');
      expect(rotated.status()).toBe(200);
      let access = (await rotated.json()).access_token as string;
      expect(
        (await jwt.patch('/api/settings', { headers: { Authorization: `Bearer ${access}` }, data: { jwtDenylist: true } })).status(),
      ).toBe(200);
      const doomed = (await (await other.post('/api/token', { data: alice })).json()).access_token as string;
      expect((await other.post('/api/token/revoke', { data: { token: doomed } })).status()).toBe(200);
      const kids = async () =>
        ((await (await session.get('/.well-known/jwks.json')).json()).keys as Array<{ kid: string }>).map((k) => k.kid).sort();
      const keysBefore = await kids();
      await expect.poll(async () => (await session.get('/api/me', { headers: { Authorization: `Bearer ${doomed}` } })).status()).toBe(401);

      const survived = async (label: string) => {
        const me = await session.get('/api/me');
        expect(me.status(), `${label}: the session cookie`).toBe(200);
        expect((await me.json()).auth.mode).toBe('session');
        expect((await jwt.get('/api/me', { headers: { Authorization: `Bearer ${access}` } })).status(), `${label}: the access token`).toBe(
          200,
        );
        const revoked = await jwt.get('/api/me', { headers: { Authorization: `Bearer ${doomed}` } });
        expect(revoked.status(), `${label}: the denylisted token`).toBe(401);
        expect((await revoked.json()).error.code).toBe('invalid_token');
        expect(await kids(), `${label}: the keys`).toEqual(keysBefore);
        const refreshed = await jwt.post('/api/token/refresh');
        expect(refreshed.status(), `${label}: the refresh family`).toBe(200);
        access = (await refreshed.json()).access_token as string;
      };

      // 1. Stopped as Ctrl-C would.
      await stop(app);
      await groupGone(app);
      app = await start();
      await survived('after SIGTERM');

      // 2. The Next server crashes (SIGKILL) while the store lives; the launcher then stops the store and exits.
      process.kill(nextPid(app), 'SIGKILL');
      await app.exited;
      await groupGone(app);
      app = await start();
      await survived('after SIGKILL of Next');

      // 3. Memory store: everything killed at once, no chance to flush. What was written is already on disk.
      if (backend === 'memory') {
        // The store journals a write within a second: wait until the last one (the refresh token
        // just issued, stored under the SHA-256 of its value) is in a journal file, then pull the plug.
        const latest = (await jwt.storageState()).cookies.find((c) => c.name === 'authlab_refresh')?.value ?? '';
        const key = `rt:${createHash('sha256').update(latest).digest('base64url')}`;
        await expect
          .poll(() =>
            existsSync(dataDir)
              ? readdirSync(dataDir).some(
                  (f) => /^(journal|snapshot)-\d+\./.test(f) && readFileSync(join(dataDir, f), 'utf8').includes(key),
                )
              : false,
          )
          .toBe(true);
        process.kill(-app.pid, 'SIGKILL');
        await app.exited;
        await groupGone(app);
        expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
        app = await start();
        await survived('after SIGKILL of every process');
      }

      // The first refresh token, rotated before any restart, is still known as used: replaying it is theft.
      const replay = await playwright.request.newContext({
        ...(baseURL ? { baseURL } : {}),
        extraHTTPHeaders: { Cookie: `authlab_refresh=${firstRefresh}; authlab_refresh_bind=${refreshBind}` },
      });
      const stolen = await replay.post('/api/token/refresh');
      expect(stolen.status()).toBe(401);
      expect((await stolen.json()).error.code).toBe('refresh_token_reused');
      await replay.dispose();
    } finally {
      await session.dispose();
      await jwt.dispose();
      await other.dispose();
      if (app && app.child.exitCode === null && app.child.signalCode === null) process.kill(-app.pid, 'SIGKILL');
      await app?.exited;
      await redis?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

test('the store process stopped or hung under a running app: 503 within a second, JWTs keep working, recovery without restart', async ({
  playwright,
}) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-store-process-'));
  const port = await freePorts();
  const baseURL = `http://127.0.0.1:${port}`;
  const app = await launch({ script: 'start', port, dataDir });
  const session = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  const jwt = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  const store = storePid(app);
  let stopped = false;
  try {
    expect((await session.post('/api/session/login', { data: alice })).status()).toBe(200);
    const token = (await (await jwt.post('/api/token', { data: alice })).json()).access_token as string;
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await session.get('/api/me')).status()).toBe(200);
    expect((await jwt.get('/api/me', { headers: bearer })).status()).toBe(200);

    // Hanging: the process is frozen, the kernel still accepts its connections, nothing answers.
    process.kill(store, 'SIGSTOP');
    stopped = true;
    const hung = await timedStatus(session, '/api/me');
    expect(hung.status, hung.body).toBe(503);
    expect(hung.ms).toBeLessThan(1_000);
    const jwtDuringHang = await timedStatus(jwt, '/api/me', bearer);
    expect(jwtDuringHang.status).toBe(200);
    process.kill(store, 'SIGCONT');
    stopped = false;
    const resumed = performance.now();
    await expect.poll(async () => (await session.get('/api/me')).status(), { intervals: [50] }).toBe(200);
    const hangRecoveryMs = Math.round(performance.now() - resumed);

    // Refused: the store process is gone; its port refuses connections.
    process.kill(store, 'SIGKILL');
    await expect.poll(async () => (await session.get('/api/me')).status(), { intervals: [50] }).toBe(503);
    const refused = await timedStatus(session, '/api/me');
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(1_000);
    const jwtWhileGone = await timedStatus(jwt, '/api/me', bearer);
    expect(jwtWhileGone.status).toBe(200);
    const cookie = (await session.get('/api/me')).headers()['set-cookie'];
    expect(cookie, 'an outage is not a sign-out').toBeUndefined();
    console.log(
      `[store process] hung: session 503 in ${hung.ms} ms, jwt 200 in ${jwtDuringHang.ms} ms, recovered ${hangRecoveryMs} ms after SIGCONT; ` +
        `killed: session 503 in ${refused.ms} ms, jwt 200 in ${jwtWhileGone.ms} ms`,
    );
  } finally {
    if (stopped) process.kill(store, 'SIGCONT');
    await session.dispose();
    await jwt.dispose();
    await stop(app);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
