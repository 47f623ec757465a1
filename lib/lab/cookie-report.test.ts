import { describe, expect, it } from 'vitest';
import { carriedAppCookies, cookieReport, pathMatches } from './cookie-report';

describe('pathMatches (RFC 6265 5.1.4)', () => {
  it.each([
    ['/', '/api/me', true],
    ['/api/token', '/api/token', true],
    ['/api/token', '/api/token/refresh', true],
    ['/api/token', '/api/tokens', false],
    ['/api/token', '/api/me', false],
    ['/api/', '/api/me', true],
  ])('%s covers %s: %s', (cookiePath, requestPath, expected) => {
    expect(pathMatches(cookiePath, requestPath)).toBe(expected);
  });
});

describe('cookieReport', () => {
  it('says which app cookies reach the path and which the probe could see', () => {
    const report = cookieReport(
      'authlab_session=v1; other=v2; authlab_refresh_bind=v3; authlab_cell=session-cookie',
      '/api/lab/cookies',
      '/api/token/refresh',
    );
    expect(report).toEqual({
      path: '/api/token/refresh',
      probePath: '/api/lab/cookies',
      cookies: [
        { name: 'authlab_session', cookiePath: '/', appliesToPath: true, carried: true },
        // Path=/api/token keeps the refresh cookie off the probe: the server cannot tell.
        { name: 'authlab_refresh', cookiePath: '/api/token', appliesToPath: true, carried: null },
        // Its companion is Path=/: the probe sees whether the browser holds it.
        { name: 'authlab_refresh_bind', cookiePath: '/', appliesToPath: true, carried: true },
        // Each cell's own cookies follow.
        { name: 'authlab_session_both', cookiePath: '/', appliesToPath: true, carried: false },
        { name: 'authlab_access', cookiePath: '/', appliesToPath: true, carried: false },
        { name: 'authlab_access_sig', cookiePath: '/', appliesToPath: true, carried: false },
        { name: 'authlab_refresh_cookie', cookiePath: '/api/token', appliesToPath: true, carried: null },
        { name: 'authlab_refresh_cookie_bind', cookiePath: '/', appliesToPath: true, carried: false },
        { name: 'authlab_refresh_both', cookiePath: '/api/token', appliesToPath: true, carried: null },
        { name: 'authlab_refresh_both_bind', cookiePath: '/', appliesToPath: true, carried: false },
        // Path=/api covers the probe: the server sees whether the browser holds a device cookie.
        { name: 'authlab_device', cookiePath: '/api', appliesToPath: true, carried: false },
      ],
      others: ['other'],
    });
    expect(JSON.stringify(report)).not.toMatch(/v1|v3/);
  });

  it('reports a missing session cookie as not carried', () => {
    const report = cookieReport(null, '/api/lab/cookies', '/api/me');
    expect(report.cookies[0]).toMatchObject({ name: 'authlab_session', carried: false, appliesToPath: true });
    expect(report.cookies[1]).toMatchObject({ name: 'authlab_refresh', carried: null, appliesToPath: false });
  });
});

describe('carriedAppCookies', () => {
  it('names the credential cookies a request carried with their sizes, never their values', () => {
    const header =
      'authlab_access_sig=SIG; theme=dark; authlab_refresh=R3fresh; authlab_access_sig=second; authlab_session_both=B; authlab_refresh_both=RB; __Host-authlab_refresh_both_bind=X; authlab_refresh_both_bind=BIND; authlab_cell=jwt-both';
    const carried = carriedAppCookies(header, false);
    expect(carried).toEqual([
      { name: 'authlab_access_sig', bytes: 'authlab_access_sig=SIG'.length, path: '/' },
      { name: 'authlab_refresh', bytes: 'authlab_refresh=R3fresh'.length, path: '/api/token' },
      { name: 'authlab_session_both', bytes: 'authlab_session_both=B'.length, path: '/' },
      { name: 'authlab_refresh_both', bytes: 'authlab_refresh_both=RB'.length, path: '/api/token' },
      { name: 'authlab_refresh_both_bind', bytes: 'authlab_refresh_both_bind=BIND'.length, path: '/' },
      { name: 'authlab_cell', bytes: 'authlab_cell=jwt-both'.length, path: '/' },
    ]);
    expect(JSON.stringify(carried)).not.toMatch(/SIG|R3fresh|BIND/);
  });

  it('over HTTPS, only the prefixed spellings count', () => {
    expect(carriedAppCookies('authlab_session=a; __Host-authlab_session=bb', true)).toEqual([
      { name: '__Host-authlab_session', bytes: '__Host-authlab_session=bb'.length, path: '/' },
    ]);
  });
});
