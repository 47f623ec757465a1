// Many visitors measuring at once (second outside check N5): the server plays each visitor's sign-ins
// over its own loopback port, and they are queued and throttled as that visitor, so one visitor's runs
// can't make another's fail. Other visitors are other loopback addresses (127.0.1.x): the server sees
// the socket's peer, and no header a client writes can name another address.
import { postFrom } from '../tooling/post-from';
import { expect, test } from './fixtures';
import { testStore } from './serial/store';

/** A throwaway member made from `address` (counted against it like any visitor's). */
async function throwawayFrom(baseURL: string | undefined, address: string) {
  const made = await postFrom(baseURL, address, '/api/lab/throwaway', {});
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return { username: (made.body.user as { username: string }).username, password: made.body.password as string };
}

/** The `size` claim signs in three times (a session cookie, a JWT, a header session): the hashing queue's busiest. */
const CLAIM = 'size';
const SIGN_INS_PER_RUN = 3;
const measure = (baseURL: string | undefined, address: string, user: { username: string; password: string }) =>
  postFrom(baseURL, address, '/api/lab/measure', { claim: CLAIM, ...user });

/** The per-address sign-in counter (lib/auth/rate-limit.ts) and its refunds, read from the store. */
async function addressCounter(address: string) {
  const { redis } = testStore();
  const [attempts, refunds] = await Promise.all([
    redis.get(`login:attempts:addr:${address}`),
    redis.get(`login:attempts:addr:${address}:refunds`),
  ]);
  return { attempts: Number(attempts ?? 0), refunds: Number(refunds ?? 0) };
}

test('eight visitors measuring at once all get their figures, each counted against their own address', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const visitors = Array.from({ length: 8 }, (_, i) => `127.0.1.${10 + i}`);
  const users = await Promise.all(visitors.map((address) => throwawayFrom(baseURL, address)));
  const answers = await Promise.all(visitors.map((address, i) => measure(baseURL, address, users[i] ?? { username: '', password: '' })));
  const failures = answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.body.error?.message ?? ''}`);
  expect(failures).toEqual([]);
  for (const answer of answers) expect(answer.body.claim).toBe(CLAIM);
  // The server's own sign-ins were reserved (and given back) under each visitor's address, not under loopback's.
  for (const address of visitors) {
    const counter = await addressCounter(address);
    expect(counter.attempts, address).toBeGreaterThanOrEqual(SIGN_INS_PER_RUN);
    expect(counter.refunds, address).toBe(counter.attempts);
  }
});

test('one visitor’s flood of measurements gets clear 429s of its own and never makes another visitor’s fail', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const attacker = '127.0.1.40';
  const victim = '127.0.1.41';
  // Made one after another: the attacker's own hashing lane keeps four waiting.
  const floodUsers: { username: string; password: string }[] = [];
  for (let i = 0; i < 6; i += 1) floodUsers.push(await throwawayFrom(baseURL, attacker));
  const victimUser = await throwawayFrom(baseURL, victim);

  const flood = Array.from({ length: 12 }, (_, i) => measure(baseURL, attacker, floodUsers[i % floodUsers.length] ?? victimUser));
  const victims = [measure(baseURL, victim, victimUser), measure(baseURL, victim, victimUser)];
  const [floodAnswers, victimAnswers] = await Promise.all([Promise.all(flood), Promise.all(victims)]);

  expect(victimAnswers.map((a) => `${a.status} ${a.body.error?.message ?? ''}`)).toEqual(['200 ', '200 ']);
  const refused = floodAnswers.filter((a) => a.status !== 200);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of refused) {
    // Never the old "400 validation_failed ... answered 429": a 429 that says when to come back.
    expect(answer.status).toBe(429);
    expect(answer.body.error?.code).toBe('too_many_attempts');
    expect(answer.body.error?.message).toMatch(/try again in (\d+) s/);
    expect(answer.retryAfter).toBeGreaterThan(0);
    expect(answer.body.error?.message).toContain(`try again in ${answer.retryAfter} s`);
  }
  expect(floodAnswers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
});

test('a client can’t name its own throttling address with the lab’s headers', async ({ baseURL }) => {
  const sender = '127.0.1.50';
  const named = '127.0.1.51';
  const before = { sender: await addressCounter(sender), named: await addressCounter(named) };
  const guess = await postFrom(
    baseURL,
    sender,
    '/api/token',
    { username: 'nobody-here', password: 'wrong' },
    { 'x-authlab-lab-for': named, 'x-authlab-lab-key': 'A'.repeat(43), 'x-peer-address': named, 'X-Forwarded-For': named },
  );
  expect(guess.status).toBe(401);
  expect((await addressCounter(sender)).attempts).toBe(before.sender.attempts + 1);
  expect(await addressCounter(named)).toEqual(before.named);
});
