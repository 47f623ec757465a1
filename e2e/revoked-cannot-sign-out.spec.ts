// A credential the user has taken back speaks for nobody (third outside check, T1): whatever ended it
// (sign out everywhere, revoking the token, its family ended for reuse), its access token and its
// refresh token can't sign the user out everywhere again, in the body, as a bearer or as the cookie,
// so a thief's kept copy can't end the sign-ins the user makes afterwards. A live one still can.
// Plain HTTP with explicit headers, so no cookie jar interferes.
import { expect, refreshPairOf, test, throwawayUser } from './fixtures';

/** The refresh cookie with its companion, as the browser sends them. */
const refreshOf = (response: Response) => refreshPairOf(response.headers.getSetCookie());

interface SignIn {
  access: string;
  refresh: string;
}

function client(baseURL: string | undefined) {
  const at = (path: string) => `${baseURL ?? ''}${path}`;
  const post = (path: string, init: { headers?: Record<string, string>; body?: unknown } = {}) =>
    fetch(at(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...init.headers },
      body: JSON.stringify(init.body ?? {}),
    });
  return {
    async signIn(credentials: { username: string; password: string }): Promise<SignIn> {
      const answer = await post('/api/token', { body: credentials });
      expect(answer.status).toBe(200);
      return { access: ((await answer.json()) as { access_token: string }).access_token, refresh: refreshOf(answer) };
    },
    async refresh(token: string): Promise<{ status: number; code: string | undefined; token: string }> {
      const answer = await fetch(at('/api/token/refresh'), { method: 'POST', headers: { Cookie: token } });
      const body = (await answer.json()) as { error?: { code: string } };
      return { status: answer.status, code: body.error?.code, token: refreshOf(answer) };
    },
    me: async (access: string) => (await fetch(at('/api/me'), { headers: { Authorization: `Bearer ${access}` } })).status,
    /** Introspection judges revocation whatever the denylist setting (off here: /api/me would still take a revoked token). */
    active: async (token: string) =>
      ((await (await post('/api/token/introspect', { body: { token } })).json()) as { active: boolean }).active,
    post,
  };
}

type Client = ReturnType<typeof client>;

/** The ways a user takes a credential back; each returns the dead access and refresh tokens. */
const WAYS: Record<string, (c: Client, stolen: SignIn) => Promise<SignIn>> = {
  'sign out everywhere': async (c, stolen) => {
    expect(
      (await c.post('/api/token/revoke', { body: { everywhere: true }, headers: { Authorization: `Bearer ${stolen.access}` } })).status,
    ).toBe(200);
    return stolen;
  },
  'revoking the access token': async (c, stolen) => {
    expect((await c.post('/api/token/revoke', { body: { token: stolen.access } })).status).toBe(200);
    return stolen;
  },
  'its family ended for reuse': async (c, stolen) => {
    const { token: newest } = await c.refresh(stolen.refresh);
    // Once the grace (2 s in these tests) is over, using the first token again is reuse: the family ends.
    await expect
      .poll(async () => (await c.refresh(stolen.refresh)).code, { timeout: 10_000, intervals: [500] })
      .toBe('refresh_token_reused');
    return { access: stolen.access, refresh: newest };
  },
};

for (const [way, takeBack] of Object.entries(WAYS)) {
  test(`after ${way}, the dead credentials can't sign the user out everywhere`, async ({ request, baseURL }) => {
    const c = client(baseURL);
    const account = await throwawayUser(request);
    const dead = await takeBack(c, await c.signIn(account));
    expect(await c.active(dead.access)).toBe(false);
    expect((await c.refresh(dead.refresh)).status).toBe(401);

    // The user signs in again; the thief, from anywhere, tries each dead credential.
    const fresh = await c.signIn(account);
    const attempts = {
      'token in the body': await c.post('/api/token/revoke', { body: { token: dead.access, everywhere: true } }),
      bearer: await c.post('/api/token/revoke', { body: { everywhere: true }, headers: { Authorization: `Bearer ${dead.access}` } }),
      'refresh cookie': await c.post('/api/token/revoke', {
        body: { everywhere: true },
        headers: { Cookie: dead.refresh },
      }),
    };
    for (const [how, answer] of Object.entries(attempts)) {
      expect(answer.status, how).toBe(401);
      expect(((await answer.json()) as { error: { code: string } }).error.code, how).toMatch(/^(invalid_token|refresh_token_reused)$/);
    }
    // The new sign-in is untouched: its access token works and its refresh token rotates.
    expect(await c.me(fresh.access)).toBe(200);
    expect(await c.active(fresh.access)).toBe(true);
    const rotated = await c.refresh(fresh.refresh);
    expect(rotated.status).toBe(200);

    // A live credential still signs out everywhere.
    const live = await c.signIn(account);
    expect((await c.post('/api/token/revoke', { body: { token: live.access, everywhere: true } })).status).toBe(200);
    expect(await c.active(fresh.access)).toBe(false);
    expect((await c.refresh(rotated.token)).status).toBe(401);
  });
}
