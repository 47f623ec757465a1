import { describe, expect, it } from 'vitest';
import { cookieReport, pathMatches } from './cookie-report';

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
    const report = cookieReport('authlab_session=v1; other=v2', '/api/lab/cookies', '/api/token/refresh');
    expect(report).toEqual({
      path: '/api/token/refresh',
      probePath: '/api/lab/cookies',
      cookies: [
        { name: 'authlab_session', cookiePath: '/', appliesToPath: true, carried: true },
        // Path=/api/token keeps the refresh cookie off the probe: the server cannot tell.
        { name: 'authlab_refresh', cookiePath: '/api/token', appliesToPath: true, carried: null },
      ],
      others: ['other'],
    });
    expect(JSON.stringify(report)).not.toContain('v1');
  });

  it('reports a missing session cookie as not carried', () => {
    const report = cookieReport(null, '/api/lab/cookies', '/api/me');
    expect(report.cookies[0]).toMatchObject({ name: 'authlab_session', carried: false, appliesToPath: true });
    expect(report.cookies[1]).toMatchObject({ name: 'authlab_refresh', carried: null, appliesToPath: false });
  });
});
