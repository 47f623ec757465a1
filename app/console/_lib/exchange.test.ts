import { describe, expect, it } from 'vitest';
import type { CookieReport } from '@/lib/lab/cookie-report';
import { accessTokenOf, attachedCookies, cookiePlaceholders, errorCodeOf, jarChanges, readBody } from './exchange';

const report = (session: boolean, path = '/api/me', others: string[] = []): CookieReport => ({
  path,
  probePath: '/api/lab/cookies',
  cookies: [
    { name: 'authlab_session', cookiePath: '/', appliesToPath: true, carried: session },
    { name: 'authlab_refresh', cookiePath: '/api/token', appliesToPath: path.startsWith('/api/token'), carried: null },
  ],
  others,
});

describe('readBody', () => {
  it('pretty-prints JSON and keeps anything else as text', () => {
    expect(readBody('{"a":[1]}')).toEqual({ pretty: '{\n  "a": [\n    1\n  ]\n}', json: { a: [1] } });
    expect(readBody('<html>')).toEqual({ pretty: '<html>', json: undefined });
    expect(readBody('')).toEqual({ pretty: '', json: undefined });
  });

  it('finds the error code and an access token', () => {
    expect(errorCodeOf({ error: { code: 'token_expired', message: 'x' } })).toBe('token_expired');
    expect(errorCodeOf({ error: 'x' })).toBeUndefined();
    expect(errorCodeOf(null)).toBeUndefined();
    expect(accessTokenOf({ access_token: 'a.b.c' })).toBe('a.b.c');
    expect(accessTokenOf({ access_token: 1 })).toBeUndefined();
  });
});

describe('attached cookies', () => {
  it('are none when cookies were omitted', () => {
    expect(attachedCookies('omit', report(true))).toEqual([]);
    expect(cookiePlaceholders('omit', report(true), '/api/me')).toEqual([]);
  });

  it('are checked for the session cookie and inferred for the path-scoped refresh cookie', () => {
    const attached = attachedCookies('same-origin', report(true, '/api/token/refresh', ['theme']));
    expect(attached.map((c) => [c.name, c.attached])).toEqual([
      ['authlab_session', true],
      ['authlab_refresh', 'unknown'],
      ['theme', true],
    ]);
    expect(attached[1]?.how).toMatch(/^inferred/);
    expect(cookiePlaceholders('same-origin', report(false, '/api/token/refresh'), '/api/token/refresh')).toEqual(['authlab_refresh']);
  });

  it('fall back to the cookie paths when the server could not be asked', () => {
    expect(cookiePlaceholders('same-origin', undefined, '/api/me')).toEqual(['authlab_session']);
    expect(cookiePlaceholders('same-origin', undefined, '/api/token')).toEqual([
      'authlab_session',
      'authlab_refresh',
      'authlab_refresh_bind',
    ]);
  });
});

describe('jarChanges', () => {
  it('tells a new cookie from a cleared one', () => {
    expect(jarChanges(report(false), report(true))).toEqual([
      { name: 'authlab_session', change: 'set' },
      { name: 'authlab_refresh', change: 'unknown' },
    ]);
    expect(jarChanges(report(true), report(false))[0]?.change).toBe('cleared');
    expect(jarChanges(report(true), report(true))[0]?.change).toBe('kept');
    expect(jarChanges(undefined, report(true))).toEqual([]);
  });
});
