import { describe, expect, it } from 'vitest';
import {
  MAX_COOKIES,
  MAX_COOKIE_HEADER_BYTES,
  clearCookie,
  cookieHeaderProblem,
  cookieNames,
  isHttps,
  readCookie,
  serializeCookie,
} from './cookies';
import { APP_COOKIE_NAMES } from './cookie-names';
import { ORIGIN_HEADER } from './request-origin';

const withCookie = (cookie: string) => new Request('http://authlab.test/', { headers: { cookie } });

describe('readCookie', () => {
  it('finds a cookie by its exact name, wherever it stands, with blanks around it trimmed', () => {
    const request = withCookie('a=1; authlab_session=Fe26.2*x*y ;b=2');
    expect(readCookie(request, 'authlab_session')).toBe('Fe26.2*x*y');
    expect(readCookie(request, 'a')).toBe('1');
    expect(readCookie(request, 'b')).toBe('2');
  });

  it('keeps an "=" inside the value, and takes the first of two cookies of one name', () => {
    expect(readCookie(withCookie('t=abc==; t=second'), 't')).toBe('abc==');
  });

  it('finds nothing for a missing header, another name, a prefix of a name, or a part with no name', () => {
    expect(readCookie(new Request('http://authlab.test/'), 'a')).toBeUndefined();
    expect(readCookie(withCookie('authlab_session_old=1; xauthlab_session=2'), 'authlab_session')).toBeUndefined();
    expect(readCookie(withCookie('=1; authlab=2'), 'authlab_session')).toBeUndefined();
    expect(readCookie(withCookie('=value'), '')).toBeUndefined();
    expect(readCookie(withCookie('authlab_session; a=1'), 'authlab_session')).toBe('');
  });

  it('returns an empty value as empty, not as missing', () => {
    expect(readCookie(withCookie('a=; b=1'), 'a')).toBe('');
  });
});

describe('cookieNames', () => {
  it('lists distinct names and never a value', () => {
    const names = cookieNames('authlab_session=Fe26.2**secret; theme=dark; authlab_session=other; flag; =nameless');
    expect(names).toEqual(['authlab_session', 'theme', 'flag']);
    expect(names.join()).not.toContain('secret');
  });

  it('is empty without a Cookie header', () => {
    expect(cookieNames(null)).toEqual([]);
    expect(cookieNames('')).toEqual([]);
  });
});

describe('isHttps', () => {
  it("is the middleware's judgement when stamped, else the URL's scheme; a client's X-Forwarded-Proto counts for nothing", () => {
    expect(isHttps(new Request('https://authlab.test/'))).toBe(true);
    expect(isHttps(new Request('http://authlab.test/'))).toBe(false);
    expect(isHttps(new Request('http://authlab.test/', { headers: { 'x-forwarded-proto': 'https' } }))).toBe(false);
    expect(isHttps(new Request('http://authlab.test/', { headers: { [ORIGIN_HEADER]: 'https://authlab.test' } }))).toBe(true);
    expect(isHttps(new Request('https://authlab.test/', { headers: { [ORIGIN_HEADER]: 'http://authlab.test' } }))).toBe(false);
  });
});

describe('the app cookies over HTTPS', () => {
  const https = (cookie: string) => new Request('http://authlab.test/', { headers: { cookie, [ORIGIN_HEADER]: 'https://authlab.test' } });

  it('are set under __Host- (Path=/) and __Secure- (a narrower path) with Secure', () => {
    expect(serializeCookie('authlab_session', 'v', { path: '/', maxAge: 60, secure: true, sameSite: 'lax' })).toBe(
      '__Host-authlab_session=v; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax',
    );
    expect(clearCookie('authlab_refresh', '/api/token', true, 'strict')).toMatch(/^__Secure-authlab_refresh=; Path=\/api\/token; .*Secure/);
    expect(serializeCookie('authlab_session', 'v', { path: '/', maxAge: 60, secure: false, sameSite: 'lax' })).toMatch(
      /^authlab_session=v;/,
    );
  });

  it('are read only under the spelling for the scheme', () => {
    expect(readCookie(https('authlab_session=plain; __Host-authlab_session=prefixed'), 'authlab_session')).toBe('prefixed');
    expect(readCookie(https('authlab_session=plain'), 'authlab_session')).toBeUndefined();
    expect(readCookie(https('__Secure-authlab_refresh=r'), 'authlab_refresh')).toBe('r');
    expect(readCookie(withCookie('__Host-authlab_session=prefixed'), 'authlab_session')).toBeUndefined();
    expect(readCookie(withCookie('authlab_session=plain'), 'authlab_session')).toBe('plain');
  });

  it('include the access-token cookies (Path=/): __Host- with Secure, read only under that spelling', () => {
    for (const name of ['authlab_access', 'authlab_access_sig']) {
      expect(serializeCookie(name, 'v', { path: '/', maxAge: 60, secure: true, sameSite: 'lax' })).toBe(
        `__Host-${name}=v; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax`,
      );
      expect(clearCookie(name, '/', true)).toMatch(new RegExp(`^__Host-${name}=; Path=/; Max-Age=0; .*Secure`));
      expect(readCookie(https(`${name}=plain`), name)).toBeUndefined();
      expect(readCookie(https(`${name}=plain; __Host-${name}=prefixed`), name)).toBe('prefixed');
      expect(readCookie(withCookie(`__Host-${name}=prefixed`), name)).toBeUndefined();
      expect(readCookie(withCookie(`${name}=plain`), name)).toBe('plain');
    }
  });

  it('are all in APP_COOKIE_NAMES, in both spellings, so a tossed duplicate of any of them is refused', () => {
    expect([...APP_COOKIE_NAMES].sort()).toEqual(
      [
        'authlab_session',
        '__Host-authlab_session',
        'authlab_refresh',
        '__Secure-authlab_refresh',
        'authlab_access',
        '__Host-authlab_access',
        'authlab_access_sig',
        '__Host-authlab_access_sig',
        // Every cell has cookies of its own, and the sign-in marker names the latest cell.
        'authlab_session_both',
        '__Host-authlab_session_both',
        'authlab_refresh_cookie',
        '__Secure-authlab_refresh_cookie',
        'authlab_refresh_both',
        '__Secure-authlab_refresh_both',
        'authlab_cell',
        '__Host-authlab_cell',
        // Each refresh cookie's companion (Path=/, so __Host-: refresh-binding.ts).
        'authlab_refresh_bind',
        '__Host-authlab_refresh_bind',
        'authlab_refresh_cookie_bind',
        '__Host-authlab_refresh_cookie_bind',
        'authlab_refresh_both_bind',
        '__Host-authlab_refresh_both_bind',
      ].sort(),
    );
    for (const name of APP_COOKIE_NAMES) {
      expect(cookieHeaderProblem(`${name}=a; other=1; ${name}=b`, APP_COOKIE_NAMES)).toEqual({ kind: 'duplicate', names: [name] });
    }
    // authlab_access is a prefix of authlab_access_sig: one of each is no duplicate.
    expect(cookieHeaderProblem('authlab_access=a; authlab_access_sig=b; __Host-authlab_access=c', APP_COOKIE_NAMES)).toBeUndefined();
    // So are authlab_session and authlab_refresh of their cells' siblings.
    expect(
      cookieHeaderProblem(
        'authlab_session=a; authlab_session_both=b; authlab_refresh=c; authlab_refresh_cookie=d; authlab_refresh_both=e; authlab_refresh_bind=f; authlab_refresh_cookie_bind=g',
        APP_COOKIE_NAMES,
      ),
    ).toBeUndefined();
  });
});

describe('cookieHeaderProblem', () => {
  const names = ['authlab_session', 'authlab_refresh'];

  it('passes an ordinary header, and no header', () => {
    expect(cookieHeaderProblem(null, names)).toBeUndefined();
    expect(cookieHeaderProblem('', names)).toBeUndefined();
    expect(cookieHeaderProblem('theme=dark; authlab_session=abc; authlab_refresh=def', names)).toBeUndefined();
    // Names that merely contain ours, and our name inside a value, are other cookies.
    expect(cookieHeaderProblem('authlab_session=a; xauthlab_session=b; authlab_session_old=c; v=authlab_session', names)).toBeUndefined();
  });

  it('finds one of our names twice, however it is spaced or valued', () => {
    for (const header of [
      'authlab_session=a; authlab_session=b',
      'authlab_session=a;authlab_session=a',
      'x=1; authlab_refresh=a; y=2;  authlab_refresh =b',
      'authlab_session; authlab_session=b',
      '\tauthlab_session=a; authlab_session',
    ]) {
      expect(cookieHeaderProblem(header, names)).toMatchObject({ kind: 'duplicate' });
    }
    expect(cookieHeaderProblem('theme=a; theme=b', names)).toBeUndefined();
  });

  it('names every doubled name, in the order of the list (outside check "eighth" E4)', () => {
    expect(cookieHeaderProblem('authlab_refresh=a; authlab_session=b; authlab_refresh=c; authlab_session=d', names)).toEqual({
      kind: 'duplicate',
      names: ['authlab_session', 'authlab_refresh'],
    });
    expect(cookieHeaderProblem('authlab_refresh=a; authlab_session=b; authlab_refresh=c', names)).toEqual({
      kind: 'duplicate',
      names: ['authlab_refresh'],
    });
  });

  it('refuses more than MAX_COOKIES cookies and more than MAX_COOKIE_HEADER_BYTES', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `c${i}=1`).join('; ');
    expect(cookieHeaderProblem(many(MAX_COOKIES), names)).toBeUndefined();
    expect(cookieHeaderProblem(many(MAX_COOKIES + 1), names)).toEqual({ kind: 'too_many' });
    expect(cookieHeaderProblem(many(1_800), names)).toEqual({ kind: 'too_large' });
    expect(cookieHeaderProblem(`a=${'x'.repeat(MAX_COOKIE_HEADER_BYTES - 2)}`, names)).toBeUndefined();
    expect(cookieHeaderProblem(`a=${'x'.repeat(MAX_COOKIE_HEADER_BYTES - 1)}`, names)).toEqual({ kind: 'too_large' });
  });
});

describe('serializeCookie and clearCookie', () => {
  it('sets HttpOnly and SameSite always, Secure when asked, and a whole Max-Age', () => {
    expect(serializeCookie('s', 'v', { path: '/', maxAge: 90.7, secure: true, sameSite: 'lax' })).toBe(
      's=v; Path=/; Max-Age=90; HttpOnly; Secure; SameSite=Lax',
    );
    expect(serializeCookie('r', 'v', { path: '/api/token', maxAge: 60, secure: false, sameSite: 'strict' })).toBe(
      'r=v; Path=/api/token; Max-Age=60; HttpOnly; SameSite=Strict',
    );
  });

  it('clears with an empty value, Max-Age=0 and an Expires in the past, on the same path', () => {
    expect(clearCookie('r', '/api/token', true, 'strict')).toBe(
      'r=; Path=/api/token; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict',
    );
  });
});
