import { describe, expect, it } from 'vitest';
import { CLOCK_TOLERANCE_MS, jwtPhase, sessionPhase } from './credential-clock';

describe('jwtPhase', () => {
  const times = { expiresAt: 100_000, refreshExpiresAt: 200_000 };

  it('is valid before exp, tolerated inside the clock tolerance, expired from exp + tolerance on', () => {
    expect(jwtPhase(times, 99_999).access).toBe('valid');
    expect(jwtPhase(times, 100_000).access).toBe('tolerated');
    expect(jwtPhase(times, 100_000 + CLOCK_TOLERANCE_MS - 1).access).toBe('tolerated');
    expect(jwtPhase(times, 100_000 + CLOCK_TOLERANCE_MS).access).toBe('expired');
    expect(jwtPhase(times, 0).refusedFrom).toBe(100_000 + CLOCK_TOLERANCE_MS);
  });

  it('names the refresh cookie expired from its end on', () => {
    expect(jwtPhase(times, 199_999).refresh).toBe('valid');
    expect(jwtPhase(times, 200_000).refresh).toBe('expired');
  });

  it('names the next moment the phase changes, and none once everything has ended', () => {
    expect(jwtPhase(times, 0).nextChangeAt).toBe(100_000);
    expect(jwtPhase(times, 100_000).nextChangeAt).toBe(100_000 + CLOCK_TOLERANCE_MS);
    expect(jwtPhase(times, 100_000 + CLOCK_TOLERANCE_MS).nextChangeAt).toBe(200_000);
    expect(jwtPhase(times, 200_000).nextChangeAt).toBeNull();
  });
});

describe('sessionPhase', () => {
  const iso = (ms: number) => new Date(ms).toISOString();

  it('ends exactly at the idle end, with no tolerance', () => {
    const times = { idleExpiresAt: iso(60_000), absoluteExpiresAt: iso(300_000) };
    expect(sessionPhase(times, 59_999)).toEqual({ live: true, endsAt: 60_000, reason: 'idle' });
    expect(sessionPhase(times, 60_000).live).toBe(false);
  });

  it('names the absolute lifetime when it comes first (or together with the idle end)', () => {
    const times = { idleExpiresAt: iso(300_000), absoluteExpiresAt: iso(300_000) };
    expect(sessionPhase(times, 300_000)).toEqual({ live: false, endsAt: 300_000, reason: 'absolute' });
  });
});
