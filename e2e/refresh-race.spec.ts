// Refresh tokens under attack: parallel uses of one token, reuse after the grace, a stale token
// trying to sign out everywhere. Plain HTTP with explicit Cookie headers, so no cookie jar interferes.
import { expect, refreshPairOf, test, throwawayUser } from './fixtures';

/** The refresh cookie with its companion, as the browser sends them: the "token" these tests pass around. */
const refreshOf = (response: Response) => refreshPairOf(response.headers.getSetCookie());

function client(baseURL: string | undefined) {
  const at = (path: string) => `${baseURL ?? ''}${path}`;
  return {
    async signIn(credentials: { username: string; password: string }): Promise<string> {
      const answer = await fetch(at('/api/token'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(credentials),
      });
      expect(answer.status).toBe(200);
      return refreshOf(answer);
    },
    async refresh(token: string): Promise<{ status: number; code: string | undefined; token: string }> {
      const answer = await fetch(at('/api/token/refresh'), { method: 'POST', headers: { Cookie: token } });
      const body = (await answer.json()) as { error?: { code: string } };
      return { status: answer.status, code: body.error?.code, token: refreshOf(answer) };
    },
    revokeEverywhere: (token: string) =>
      fetch(at('/api/token/revoke'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: token },
        body: JSON.stringify({ everywhere: true }),
      }),
  };
}

test('ten parallel refreshes with one cookie all get the same successor; reuse after the grace ends the family', async ({
  request,
  baseURL,
}) => {
  const { signIn, refresh } = client(baseURL);
  const first = await signIn(await throwawayUser(request));
  const results = await Promise.all(Array.from({ length: 10 }, () => refresh(first)));
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
  const successors = new Set(results.map((r) => r.token));
  expect(successors.size).toBe(1);
  const [successor] = [...successors] as [string];
  expect(successor).not.toBe(first);

  // One live chain: the successor rotates on...
  const next = await refresh(successor);
  expect(next.status).toBe(200);
  // ...and once the grace (2 s in these tests) is over, the first token is reuse: the whole family ends.
  await expect.poll(async () => (await refresh(first)).code, { timeout: 10_000, intervals: [500] }).toBe('refresh_token_reused');
  expect((await refresh(next.token)).status).toBe(401);
});

test('a stale refresh token cannot sign out everywhere: it ends its own family only', async ({ request, baseURL }) => {
  const { signIn, refresh, revokeEverywhere } = client(baseURL);
  const account = await throwawayUser(request);
  const stolen = await signIn(account);
  const { token: current } = await refresh(stolen);
  const otherDevice = await signIn(account);

  const revoke = await revokeEverywhere(stolen);
  expect(revoke.status).toBe(401);
  expect(((await revoke.json()) as { error: { code: string } }).error.code).toBe('refresh_token_reused');
  // The stale token's own family is over (the theft signal); the user's other sign-in lives on.
  expect((await refresh(current)).status).toBe(401);
  expect((await refresh(otherDevice)).status).toBe(200);
});
