import { describe, expect, it } from 'vitest';
import { cutoffKey, isCutOff, parseCutoff, pastCutoffSecond } from './revocation';

describe('the user-level revocation cut-off', () => {
  it('has one key per user', () => {
    expect(cutoffKey('u_alice')).toBe('user:u_alice:revoked-before');
    expect(cutoffKey('u_bob')).not.toBe(cutoffKey('u_alice'));
  });

  it('reads what the store holds, and nothing else, as a cut-off', () => {
    expect(parseCutoff('1796112000123')).toBe(1796112000123);
    expect(parseCutoff(1796112000123)).toBe(1796112000123);
    for (const raw of [null, undefined, '', 'x', '-5', '0', '1.5', 'Infinity', '1e400']) expect(parseCutoff(raw)).toBeUndefined();
  });

  it('cuts off what was issued at or before it, never what came after', () => {
    const cutoff = 1_796_112_000_500;
    expect(isCutOff(cutoff - 1, cutoff)).toBe(true);
    expect(isCutOff(cutoff, cutoff)).toBe(true);
    expect(isCutOff(cutoff + 1, cutoff)).toBe(false);
    expect(isCutOff(cutoff - 1, undefined)).toBe(false);
  });

  it('refuses a JWT from the same second as the cut-off, whose iat may be before it', () => {
    const cutoff = 1_796_112_000_500;
    expect(isCutOff(Math.floor(cutoff / 1000) * 1000, cutoff)).toBe(true);
    expect(isCutOff((Math.floor(cutoff / 1000) + 1) * 1000, cutoff)).toBe(false);
  });

  it('makes a sign-in in the cut-off second wait for the next whole second, so its iat falls after the cut-off; otherwise not at all', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const cutoff = 1_700_000_012_500;
    await pastCutoffSecond(cutoff, () => 1_700_000_012_600, sleep);
    expect(waits).toEqual([400]);
    // The token signed after the wait is not cut off; one signed before it would have been.
    expect(isCutOff(1_700_000_013 * 1000, cutoff)).toBe(false);
    expect(isCutOff(1_700_000_012 * 1000, cutoff)).toBe(true);
    waits.length = 0;
    await pastCutoffSecond(cutoff, () => 1_700_000_013_000, sleep);
    await pastCutoffSecond(cutoff, () => 1_700_000_090_000, sleep);
    await pastCutoffSecond(undefined, () => 1_700_000_012_600, sleep);
    // A cut-off far ahead of this clock (another instance's skew) is not waited for: never more than a second.
    await pastCutoffSecond(cutoff + 60_000, () => 1_700_000_012_600, sleep);
    expect(waits).toEqual([]);
  });
});
