// Login fixation by a tossed refresh cookie (outside check "eighth", E1): a sibling host sets the attacker's own refresh
// cookie in the victim's jar, and the page's restore() refreshes on load. The refresh cookie is used only beside its
// companion (lib/auth/refresh-binding.ts), so the victim is never signed in as the attacker; the attacker's own jar works on.
// Request contexts stand in for the two browsers: their jars hold, send and clear cookies as a browser does.
import type { APIRequest, APIRequestContext, APIResponse } from '@playwright/test';
import { expect, test, throwawayUser } from './fixtures';

const CELL_HEADER = 'Authlab-Cell';
type Cookie = Awaited<ReturnType<APIRequestContext['storageState']>>['cookies'][number];
const TRANSPORTS = ['header', 'cookie', 'both'] as const;
type Transport = (typeof TRANSPORTS)[number];
const REFRESH_NAME: Record<Transport, string> = {
  header: 'authlab_refresh',
  cookie: 'authlab_refresh_cookie',
  both: 'authlab_refresh_both',
};

async function jar(requests: APIRequest, baseURL: string | undefined, cookies: Cookie[] = []): Promise<APIRequestContext> {
  return requests.newContext({ ...(baseURL ? { baseURL } : {}), storageState: { cookies, origins: [] } });
}

async function signIn(context: APIRequestContext, user: { username: string; password: string }, transport: Transport) {
  const answer = await context.post('/api/token', { data: { username: user.username, password: user.password, transport } });
  expect(answer.status()).toBe(200);
}

/** What the page's restore() sends on load: a refresh naming the cell. */
const restore = (context: APIRequestContext, transport: Transport) =>
  context.post('/api/token/refresh', { headers: { [CELL_HEADER]: `jwt-${transport}` } });

/** /api/me as the page of that cell would call it after a refresh: the bearer part from the answer, the rest from the jar. */
async function me(context: APIRequestContext, transport: Transport, refreshed: APIResponse): Promise<APIResponse> {
  const body = (await refreshed.json()) as { access_token?: string; header_credential?: string };
  const bearer = body.access_token ?? body.header_credential;
  return context.get('/api/me', {
    headers: { [CELL_HEADER]: `jwt-${transport}`, ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
  });
}

const cookiesOf = async (context: APIRequestContext) => (await context.storageState()).cookies;

/**
 * The victim's page loads: its refresh is refused, and /api/me never answers as the attacker: 401, or, when `still` is
 * given, 200 as that user (the victim's own access cookie of the jwt-cookie cell outlives its cleared refresh cookie).
 */
async function expectNotSignedInAs(victim: APIRequestContext, transport: Transport, attacker: string, still?: string) {
  const refreshed = await restore(victim, transport);
  expect(refreshed.status()).toBe(401);
  const error = ((await refreshed.json()) as { error: { code: string; message: string } }).error;
  expect(error.code).toBe('invalid_token');
  expect(error.message).toContain("isn't bound to this browser");
  // The tossed cookie is gone from the jar, and nothing was set in its place.
  expect((await cookiesOf(victim)).map((c) => c.name)).not.toContain(REFRESH_NAME[transport]);
  const answer = await me(victim, transport, refreshed);
  const body = (await answer.json()) as { user?: { username: string } };
  expect([answer.status(), body.user?.username]).toEqual(still === undefined ? [401, undefined] : [200, still]);
  expect(JSON.stringify(body)).not.toContain(attacker);
}

for (const transport of TRANSPORTS) {
  test(`jwt-${transport}: the attacker's refresh cookie tossed into the victim's jar never signs the victim in as the attacker`, async ({
    playwright,
    request,
    baseURL,
  }) => {
    const attackerAccount = await throwawayUser(request);
    const attacker = await jar(playwright.request, baseURL);
    await signIn(attacker, attackerAccount, transport);
    const tossedCopy = (await cookiesOf(attacker)).find((c) => c.name === REFRESH_NAME[transport]);
    expect(tossedCopy).toBeDefined();
    const tossed = { ...(tossedCopy as Cookie), path: '/api/token/refresh' };

    // A signed-out victim: the tossed refresh cookie alone (the companion can't be tossed over HTTPS: `__Host-`).
    const signedOut = await jar(playwright.request, baseURL, [tossed]);
    await expectNotSignedInAs(signedOut, transport, attackerAccount.username);
    await signedOut.dispose();

    // A signed-in victim: the toss doubles the refresh cookie (refused, both copies cleared, the victim's companion
    // stays); the second toss stands alone beside the victim's companion of another sign-in: refused too.
    const victimAccount = await throwawayUser(request);
    const victim = await jar(playwright.request, baseURL);
    await signIn(victim, victimAccount, transport);
    const doubled = await jar(playwright.request, baseURL, [...(await cookiesOf(victim)), tossed]);
    await victim.dispose();
    const refused = await restore(doubled, transport);
    expect(refused.status()).toBe(400);
    const afterRefusal = await cookiesOf(doubled);
    expect(afterRefusal.map((c) => c.name)).not.toContain(REFRESH_NAME[transport]);
    expect(afterRefusal.map((c) => c.name)).toContain(`${REFRESH_NAME[transport]}_bind`);
    const tossedAgain = await jar(playwright.request, baseURL, [...afterRefusal, tossed]);
    await doubled.dispose();
    // In the jwt-cookie cell the victim's own access cookie still stands: signed in as the victim, never the attacker.
    const still = transport === 'cookie' ? victimAccount.username : undefined;
    await expectNotSignedInAs(tossedAgain, transport, attackerAccount.username, still);
    await tossedAgain.dispose();

    // The attacker's own jar works on: its family was neither rotated by the victim's requests nor ended as a reuse.
    for (let i = 0; i < 2; i++) {
      const own = await restore(attacker, transport);
      expect(own.status()).toBe(200);
      const answer = await me(attacker, transport, own);
      expect(answer.status()).toBe(200);
      expect(((await answer.json()) as { user: { username: string } }).user.username).toBe(attackerAccount.username);
    }
    await attacker.dispose();
  });
}
