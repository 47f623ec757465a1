import { describe, expect, it } from 'vitest';
import { KnownSessions, sealExpiry } from './session-cache';

const seal = (expiry: string) => `Fe26.2*1*salt*iv*data*${expiry}*hsalt*hmac~2`;

describe('sealExpiry', () => {
  it('reads the expiry an iron seal carries, and nothing from anything else', () => {
    expect(sealExpiry(seal('1767225600000'))).toBe(1767225600000);
    expect(sealExpiry(seal(''))).toBeUndefined();
    expect(sealExpiry(seal('12ab'))).toBeUndefined();
    expect(sealExpiry('Fe26.2*1*x~2')).toBeUndefined();
    expect(sealExpiry('')).toBeUndefined();
  });
});

describe('KnownSessions', () => {
  it('answers only for the password that unsealed the cookie, and only until the seal expires', () => {
    const known = new KnownSessions();
    const cookie = seal('2000');
    known.remember(cookie, 'p'.repeat(32), 'hash1');
    expect(known.get(cookie, 'p'.repeat(32), 1_999)?.hash).toBe('hash1');
    expect(known.get(cookie, 'q'.repeat(32), 1_999)).toBeUndefined();
    expect(known.get(cookie, 'p'.repeat(32), 2_000)).toBeUndefined();
  });

  it('forgets everything when another password comes along, and does not keep seals without an expiry', () => {
    const known = new KnownSessions();
    known.remember(seal('5000'), 'p'.repeat(32), 'h1');
    known.remember(seal('6000'), 'q'.repeat(32), 'h2');
    expect(known.get(seal('5000'), 'p'.repeat(32), 0)).toBeUndefined();
    expect(known.get(seal('6000'), 'q'.repeat(32), 0)?.hash).toBe('h2');
    expect(known.remember(seal(''), 'q'.repeat(32), 'h3')).toBeUndefined();
    known.forget(seal('6000'));
    expect(known.get(seal('6000'), 'q'.repeat(32), 0)).toBeUndefined();
  });
});

describe('KnownSessions bound', () => {
  it('holds at most its size, forgetting the cookie least recently used', () => {
    const known = new KnownSessions(2);
    const password = 'p'.repeat(32);
    known.remember(seal('9001'), password, 'h1');
    known.remember(seal('9002'), password, 'h2');
    expect(known.get(seal('9001'), password, 0)?.hash).toBe('h1'); // h1 is now the most recent
    known.remember(seal('9003'), password, 'h3');
    expect(known.get(seal('9002'), password, 0)).toBeUndefined();
    expect(known.get(seal('9001'), password, 0)?.hash).toBe('h1');
    expect(known.get(seal('9003'), password, 0)?.hash).toBe('h3');
  });
});
