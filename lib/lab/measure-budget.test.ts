import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore } from '../../test/store';
import { AuthError } from '../http/errors';
import { randomId } from '../http/ids';
import { spendMeasurement } from './measure-budget';

let store: Awaited<ReturnType<typeof startTestStore>>;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store.close();
});

describe('spendMeasurement', () => {
  it('allows the budget, then answers 429 with Retry-After until the member ends', async () => {
    const name = `tmp-${randomId(8)}`;
    const now = 1_000_000;
    const options = { clock: { now: () => now }, redis: store.redis, limit: 2 };
    await spendMeasurement(name, now + 30_000, options);
    await spendMeasurement(name, now + 30_000, options);
    const third = await spendMeasurement(name, now + 30_000, options).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(AuthError);
    expect((third as AuthError).code).toBe('too_many_attempts');
    expect((third as AuthError).headers).toMatchObject({ 'Retry-After': '30' });
    // Another member has its own budget.
    await expect(spendMeasurement(`tmp-${randomId(8)}`, now + 30_000, options)).resolves.toBeUndefined();
  });
});
