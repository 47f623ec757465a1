import { describe, expect, it } from 'vitest';
import { cutoffKey, isCutOff, parseCutoff } from './revocation';

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
});
