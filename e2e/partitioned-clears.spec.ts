// A sibling host tosses a partitioned (CHIPS) copy of an app cookie for the shared parent domain; the app's
// refusal (the real `edgeRefusal`) and the device cookie's clears must delete it in Chromium (outside check
// "recheck2", R2-3). The device cookie's clears are `deviceCookieClears`'s call of `tossedCookieClears` (that module
// is server-only). Own HTTPS server on a free port with a throwaway self-signed certificate (`openssl`), and
// `*.example.test` mapped to 127.0.0.1: Secure cookies need a secure origin, and sibling hosts need a domain.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Browser, type BrowserContext } from '@playwright/test';
import { parseAllowedHosts, type HostPolicy } from '../lib/http/allowed-hosts';
import { APP_COOKIE_NAMES, DEVICE_COOKIE, cookieName } from '../lib/http/cookie-names';
import { DEVICE_CLEARS_BYTES, DuplicateCookie, clearsBatch, edgeRefusal, tossedCookieClears } from '../lib/http/edge-guard';

const SITE = 'example.test';
const config = { allowedHosts: parseAllowedHosts(`app.${SITE}`) as HostPolicy, trustProxyHops: 0 };

let dir: string;
let server: Server;
let browser: Browser;
let port: number;
const app = (path: string) => `https://app.${SITE}:${port}${path}`;

/**
 * app.example.test answers like the middleware: the refusal with its clears, or 200 with the Cookie header it got;
 * `/api/session/login` (a sign-in) sends the device cookie's clears and a new one, as sign-in does for a doubled device cookie.
 * On any other host, `/toss` sets the `Set-Cookie` lines given in `c` (the sibling).
 */
function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
  const host = req.headers.host ?? '';
  const url = new URL(req.url ?? '/', `https://${host}`);
  res.setHeader('Content-Type', 'text/plain');
  if (!host.startsWith(`app.${SITE}:`)) {
    res.setHeader('Set-Cookie', url.searchParams.getAll('c'));
    res.end('tossed');
    return;
  }
  const request = new Request(url, { headers: { host, cookie: req.headers.cookie ?? '' } });
  if (url.pathname === '/api/session/login') {
    const device = cookieName(DEVICE_COOKIE, true);
    const doubled = (req.headers.cookie ?? '').split(';').filter((c) => c.trim().startsWith(`${device}=`)).length > 1;
    const clears = clearsBatch(req.headers.cookie ?? '', tossedCookieClears(device, host, url.pathname, true), true, {
      budget: DEVICE_CLEARS_BYTES,
      kind: 'device',
      host,
    });
    res.setHeader('Set-Cookie', [...(doubled ? clears.lines : []), `${device}=new; Path=/api; Secure; HttpOnly; SameSite=Lax`]);
    res.end(req.headers.cookie ?? '');
    return;
  }
  const refused = edgeRefusal(request, config, APP_COOKIE_NAMES);
  if (refused instanceof DuplicateCookie) {
    res.statusCode = 400;
    res.setHeader('Set-Cookie', [...refused.clears]);
  }
  res.end(req.headers.cookie ?? '');
}

test.beforeAll(async ({ playwright, launchOptions }) => {
  dir = mkdtempSync(join(tmpdir(), 'authlab-chips-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  const subject = ['-subj', `/CN=${SITE}`, '-addext', `subjectAltName=DNS:${SITE},DNS:*.${SITE},DNS:*.app.${SITE}`];
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key];
  execFileSync('openssl', ['req', '-x509', '-days', '1', ...ecKey, ...subject, '-out', cert], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  browser = await playwright.chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), `--host-resolver-rules=MAP *.${SITE} 127.0.0.1`],
  });
});

test.afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh jar with the `toss` lines set by a sibling's own top-level page (`from`), as an attacker's page would.
 * Checks that they were stored, partitioned under the top-level site the app shares.
 */
async function jarWithTossed(toss: string[], from = `evil.${SITE}`): Promise<BrowserContext> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`https://${from}:${port}/toss?${toss.map((c) => `c=${encodeURIComponent(c)}`).join('&')}`);
  const stored = await context.cookies();
  expect(stored.map((c) => `${c.value} in ${c.partitionKey}`).sort()).toEqual(
    toss.map((c) => `${/=([^;]*)/.exec(c)?.[1]} in https://${SITE}`).sort(),
  );
  await page.close();
  return context;
}

test.describe('a partitioned copy tossed by a sibling host', () => {
  test('is cleared by the duplicate refusal: the next refresh carries neither copy', async () => {
    const name = '__Secure-authlab_refresh_cookie';
    const context = await jarWithTossed([`${name}=tossed; Domain=${SITE}; Path=/api; Secure; SameSite=None; Partitioned`]);
    const page = await context.newPage();
    // The app's own copy, host-only on /api/token, then the app's page calls the API as the UI does.
    await context.addCookies([
      { name, value: 'mine', domain: `app.${SITE}`, path: '/api/token', secure: true, httpOnly: true, sameSite: 'Lax' },
    ]);
    await page.goto(app('/'));
    const refresh = () =>
      page.evaluate(async () => {
        const r = await fetch('/api/token/refresh', { method: 'POST' });
        return { status: r.status, cookie: await r.text() };
      });
    const first = await refresh();
    expect(first.status).toBe(400);
    expect(first.cookie).toContain(`${name}=tossed`);
    expect(first.cookie).toContain(`${name}=mine`);
    // The clears come in batches that fit 4 KiB of headers (the cursor cookie goes back with each retry): a few
    // refusals, then neither copy. Without a Partitioned clear the tossed copy outlives every refusal.
    let next = await refresh();
    for (let retry = 0; retry < 4 && next.status === 400; retry += 1) next = await refresh();
    expect(next.status).toBe(200);
    expect(next.cookie).not.toContain(name);
    await context.close();
  });

  test("is cleared for a plain name over HTTPS too (the twin carries Secure), on the host's own name as well", async () => {
    // A host under the app's (x.app.example.test) can set Domain=app.example.test as well as the parent domain.
    const context = await jarWithTossed(
      [
        `authlab_session=a; Domain=app.${SITE}; Path=/; Secure; Partitioned`,
        `authlab_session=b; Domain=${SITE}; Path=/api; Secure; SameSite=None; Partitioned`,
      ],
      `x.app.${SITE}`,
    );
    const page = await context.newPage();
    const first = await page.goto(app('/api/me'));
    expect(first?.status()).toBe(400);
    let next = await page.goto(app('/api/me'));
    for (let retry = 0; retry < 4 && next?.status() === 400; retry += 1) next = await page.goto(app('/api/me'));
    expect(next?.status()).toBe(200);
    expect(await next?.text()).not.toContain('authlab_session');
    await context.close();
  });

  test("is cleared by sign-in's device-cookie clears, leaving only the new device cookie", async () => {
    const context = await jarWithTossed([`__Secure-authlab_device=tossed; Domain=${SITE}; Path=/api; Secure; Partitioned`]);
    const page = await context.newPage();
    expect(await (await page.goto(app('/api/session/login')))?.text()).toBe('__Secure-authlab_device=tossed');
    // Each sign-in with the copy still there sends the next batch of clears (they leave room for its own cookies).
    let seen = await (await page.goto(app('/api/session/login')))?.text();
    for (let again = 0; again < 6 && seen?.includes('=tossed'); again += 1)
      seen = await (await page.goto(app('/api/session/login')))?.text();
    expect(seen).not.toContain('=tossed');
    const left = await (await page.goto(app('/api/me')))?.text();
    expect(left?.split('; ').filter((c) => c.startsWith('__Secure-authlab_device='))).toEqual(['__Secure-authlab_device=new']);
    await context.close();
  });
});
