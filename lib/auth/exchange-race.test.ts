// Second outside check N1: the hybrid exchange racing "sign out everywhere", raced deterministically.
// The exchange's steps (the session lookup's cut-off read, the signing, the read after signing, a second
// signing) and the sign-out's (its clock read for the cut-off, its write landing in the store) are put
// in every order, with a wall-clock second boundary between every two of them, against a real store;
// afterwards every internal token handed out must be refused by the revocation check (lib/auth/denylist.ts).
import type { Redis } from '@upstash/redis';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import type { Clock } from '../clock';
import { parseConfig, type Config } from '../config';
import { AuthError } from '../http/errors';
import { revocationOf } from './denylist';
import { signExchange } from './exchange';
import { issueToken } from './jwt';
import { getKeyRing, type KeyRing } from './keys';
import { cutoffKey, isCutOff, readCutoff } from './revocation';
import { signOutEverywhere } from './sign-out-everywhere';
import type { User } from './users';

const PASSWORD = 'p'.repeat(32);
let store: Awaited<ReturnType<typeof startTestStore>>;
let config: Config;
let ring: KeyRing;

beforeAll(async () => {
  store = await startTestStore();
  const env = {
    SESSION_PASSWORD: PASSWORD,
    JWT_ALG: 'HS256',
    JWT_SECRET: 's'.repeat(32),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: store.token,
  };
  // The key ring finds its store through the process config: this file's worker points it at the test store.
  Object.assign(process.env, env);
  config = parseConfig(env);
  ring = await getKeyRing(config);
});
afterAll(async () => {
  await store.close();
});

/** The exchange's steps and the sign-out's, by name. */
type Step = 'lookup' | 'sign' | 'reread' | 'cutoff' | 'land';
const EXCHANGE: Step[] = ['lookup', 'sign', 'reread'];

/** Every way to put the sign-out's two steps (cut-off read, then its write landing) among the exchange's three. */
function orders(): Step[][] {
  const out: Step[][] = [];
  for (let i = 0; i <= EXCHANGE.length; i += 1) {
    for (let j = i; j <= EXCHANGE.length; j += 1) {
      const order = [...EXCHANGE];
      order.splice(j, 0, 'land');
      order.splice(i, 0, 'cutoff');
      out.push(order);
    }
  }
  return out;
}

/** Resolves a step's gate when the schedule reaches it; `done` tells the schedule it happened. */
class Schedule {
  private readonly gates = new Map<string, { open: () => void; opened: Promise<void> }>();
  private readonly dones = new Map<string, { finish: () => void; finished: Promise<void> }>();
  private free = false;

  private gate(step: string) {
    let entry = this.gates.get(step);
    if (!entry) {
      let open = () => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      entry = { open, opened };
      this.gates.set(step, entry);
      if (this.free) open();
    }
    return entry;
  }

  private doneOf(step: string) {
    let entry = this.dones.get(step);
    if (!entry) {
      let finish = () => {};
      const finished = new Promise<void>((resolve) => (finish = resolve));
      entry = { finish, finished };
      this.dones.set(step, entry);
    }
    return entry;
  }

  /** Waits for `step`'s turn, runs it, and reports it done. */
  async at<T>(step: string, run: () => Promise<T> | T): Promise<T> {
    await this.gate(step).opened;
    try {
      return await run();
    } finally {
      this.doneOf(step).finish();
    }
  }

  /**
   * Plays `order`, setting the clock before each step; then lets everything left run freely. A step of
   * the exchange's that never comes (it was refused earlier) is passed once `exchangeOver` resolves.
   */
  async play(order: readonly string[], beforeStep: (index: number) => void, exchangeOver: Promise<unknown>): Promise<void> {
    for (const [index, step] of order.entries()) {
      beforeStep(index);
      this.gate(step).open();
      const done = this.doneOf(step).finished;
      await (EXCHANGE.includes(step as Step) ? Promise.race([done, exchangeOver]) : done);
    }
    this.free = true;
    for (const entry of this.gates.values()) entry.open();
  }
}

/** A store client whose write of `userId`'s cut-off lands only at the schedule's "land" step. */
function gatedStore(redis: Redis, userId: string, schedule: Schedule): Redis {
  return new Proxy(redis, {
    get(target, prop, receiver) {
      if (prop === 'set') {
        return (key: string, ...rest: unknown[]) => {
          const write = () => (target.set as (...args: unknown[]) => Promise<unknown>).call(target, key, ...rest);
          return key === cutoffKey(userId) ? schedule.at('land', write) : write();
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

let users = 0;

/**
 * One round: a session made `sessionAge` ms before the race, an exchange and a sign-out played in
 * `order` with the clock at `start + index * STEP` for the index-th step. What the exchange answered,
 * the token (if any) and whether the revocation check refuses it once both are over.
 */
const STEP = 7;
async function round(order: Step[], start: number, sessionAge = 5_000) {
  const user: User = { id: `u_n1_${++users}_${Math.random().toString(36).slice(2, 8)}`, username: `n1user${users}`, role: 'member' };
  let T = start;
  const clock: Clock = { now: () => T };
  const schedule = new Schedule();
  const session = { userId: user.id, createdAt: start - sessionAge, absoluteTtl: 3_600 };
  let signs = 0;

  const exchange: Promise<{ token: string } | AuthError> = (async () => {
    // The session lookup's own cut-off check (the cut-off is read in the lookup's MGET).
    const seen = await schedule.at('lookup', () => readCutoff(user.id, store.redis));
    if (isCutOff(session.createdAt, seen)) throw new AuthError('session_revoked', 'You signed out everywhere; sign in again.');
    return signExchange(session, config.hybridTokenTtl, {
      now: clock.now,
      sign: (ttl) => {
        signs += 1;
        return schedule.at(signs === 1 ? 'sign' : `sign ${signs}`, () => issueToken(user, { ring, config, ttl, kind: 'internal', clock }));
      },
      readCutoff: (userId) => schedule.at('reread', () => readCutoff(userId, store.redis)),
      // Waiting for the next second is the clock moving on, not real time.
      sleep: async (ms) => {
        T += ms;
      },
    });
  })().catch((error: unknown) => {
    if (error instanceof AuthError) return error;
    throw error;
  });
  // The sign-out's call reads its clock at once (its "cutoff" step); its write waits for "land".
  let signOut: Promise<unknown> = Promise.resolve();
  const called = schedule.at('cutoff', () => {
    signOut = signOutEverywhere(user.id, config, { clock, redis: gatedStore(store.redis, user.id, schedule) });
  });
  await schedule.play(order, (index) => (T = start + index * STEP), exchange);
  const answer = await exchange;
  await called;
  await signOut;
  if (answer instanceof AuthError) return { answer: answer.code, survives: false };
  const claims = decodeJwt(answer.token);
  const revoked = await revocationOf(
    config.issuer,
    { jti: String(claims.jti), userId: user.id, issuedAtMs: Number(claims.iat) * 1000 },
    store.redis,
  );
  return { answer: 'token', survives: revoked === undefined, iat: Number(claims.iat) };
}

describe('the hybrid exchange racing sign out everywhere (N1)', () => {
  it('hands out no internal token that stays valid after the sign-out, in any order, across a second boundary', async () => {
    const survivors: string[] = [];
    const answers = new Map<string, number>();
    let rounds = 0;
    for (const order of orders()) {
      // The second boundary before each step in turn (and none at all), from 2 ms before it to 2 ms after.
      for (let boundaryAt = 0; boundaryAt <= order.length; boundaryAt += 1) {
        for (const shift of [-2, 0, 2]) {
          const start = 1_800_000_000_000 - boundaryAt * STEP + shift + (boundaryAt === order.length ? 500 : 0);
          const result = await round(order, start);
          rounds += 1;
          answers.set(result.answer, (answers.get(result.answer) ?? 0) + 1);
          if (result.survives) survivors.push(`${order.join(' → ')} (start ${start % 1000} ms into its second): iat ${result.iat}`);
        }
      }
    }
    expect(rounds).toBe(orders().length * 6 * 3);
    expect(survivors).toEqual([]);
    // Both outcomes happen: the exchange is refused when it sees the cut-off, and hands a (dead) token out when it can't.
    expect(answers.get('session_revoked')).toBeGreaterThan(0);
    expect(answers.get('token')).toBeGreaterThan(0);
  }, 120_000);

  it('still hands a session made after the sign-out a token that works at once, in the cut-off’s own second', async () => {
    const start = 1_800_000_000_000 + 100;
    // The sign-out lands first; the session was made 3 ms after its cut-off.
    const result = await round(['cutoff', 'land', 'lookup', 'sign', 'reread'], start, -3);
    expect(result).toMatchObject({ answer: 'token', survives: true });
  });
});
