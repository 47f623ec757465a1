// Issue #15: the demos (the attack lab's server-played attacks, Learn's live costs, Measure) play with
// throwaway users only. A real account's failed-attempt counters and its session list come out of a
// full round of them exactly as they went in. Serial: alice's counters and sessions are shared state,
// so nothing else may sign her in meanwhile.
import { SERVER_ATTACKS } from '../../lib/lab/server-attacks';
import { demoCredentials, expect, test } from '../fixtures';
import { testStore } from './store';

const wrong = { username: 'alice', password: 'not-alices-password' };
/** alice's counter for this address (lib/auth/rate-limit.ts): the test servers listen on 127.0.0.1 only. */
const PAIR_KEY = 'login:attempts:pair:alice:127.0.0.1';

/** Every sign-in attempt as alice, from any address, INCRs this counter before anything else can stop it there. */
async function aliceAttempts() {
  const { redis } = testStore();
  const [attempts, refunds] = await Promise.all([redis.get('login:attempts:acct:alice'), redis.get('login:attempts:acct:alice:refunds')]);
  return { attempts: Number(attempts ?? 0), refunds: Number(refunds ?? 0) };
}

test("the attack lab (its transport matrix too), Learn and Measure leave alice's failed-attempt counters and her session list untouched", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // alice, signed in on her own device: her session list before the demos run.
  const alice = await playwright.request.newContext({ ...(baseURL ? { baseURL } : {}) });
  expect((await alice.post('/api/session/login', { data: demoCredentials('alice') })).status()).toBe(200);
  const sessionIds = async () =>
    ((await (await alice.get('/api/sessions?limit=100')).json()) as { sessions: { id: string }[] }).sessions.map((s) => s.id).sort();
  const sessionsBefore = await sessionIds();

  // Four wrong guesses from this address (127.0.0.1, where the demos' own requests come from too): one short of LOGIN_MAX_ATTEMPTS.
  for (let i = 0; i < 4; i += 1) {
    const guess = await request.post('/api/token', { data: wrong });
    expect(guess.status()).toBe(401);
  }
  expect(Number(await testStore().redis.get(PAIR_KEY))).toBe(4);
  const countersBefore = await aliceAttempts();
  expect(countersBefore.attempts).toBeGreaterThanOrEqual(4);

  // Every server-played attack of the lab.
  for (const attack of SERVER_ATTACKS) {
    const answer = await request.post('/api/lab/attack', { data: { attack } });
    expect(answer.status(), attack).toBe(200);
    expect(((await answer.json()) as { user: string }).user, attack).toMatch(/^tmp-[0-9a-f]{16}$/);
  }
  // The transport matrix (issue #18): six sign-ins, a forged cross-site request, a sign-out per cell.
  await page.goto('/attacks');
  await page.getByRole('button', { name: 'Run the matrix' }).click();
  await expect(page.getByTestId('matrix-status')).toContainText('Done: 6 of 6 cells played as tmp-', { timeout: 120_000 });
  // Learn's live costs, as a visitor runs them.
  await page.goto('/learn');
  await page.getByRole('button', { name: 'Measure on this server' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Measured at|Measuring|Nothing measured/ })).toContainText('Measured at', {
    timeout: 90_000,
  });
  // A small Measure run.
  await page.goto('/measure');
  await page.getByLabel('Requests per mode').selectOption('20');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByRole('status')).toContainText('Done: 40 requests', { timeout: 60_000 });

  // Not one attempt as alice, counted or refunded, from any address.
  expect(await aliceAttempts()).toEqual(countersBefore);
  // Her pair counter is still at four: the fifth wrong guess is checked (401), not refused (429).
  const fifth = await request.post('/api/token', { data: wrong });
  expect(fifth.status()).toBe(401);
  expect(((await fifth.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
  // Her session list: her own sessions, the same ones as before, none left by a demo.
  expect(await sessionIds()).toEqual(sessionsBefore);
  // And that was the fifth: from this address, even her right password now waits out the window.
  const locked = await request.post('/api/token', { data: demoCredentials('alice') });
  expect(locked.status()).toBe(429);
  expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts');
  await alice.dispose();
});

// The specs after this one sign alice in from this address: her pair counter here goes, pass or fail.
test.afterEach(async () => {
  await testStore().redis.del(PAIR_KEY);
});
