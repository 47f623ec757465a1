import { describe, expect, it } from 'vitest';
import { ORIGIN_HEADER, requestHost, requestOrigin, requestScheme, serializeOrigin, stampedOrigin } from './request-origin';

const req = (url: string, headers: Record<string, string>) => new Request(url, { headers });
const direct = { trustProxyHops: 0 };
const proxied = { trustProxyHops: 1 };

describe('requestScheme', () => {
  it("takes the connection's scheme and ignores a client's X-Forwarded-Proto without a trusted proxy", () => {
    expect(requestScheme(req('http://x/', { 'x-forwarded-proto': 'https' }), direct)).toBe('http');
    expect(requestScheme(req('https://x/', { 'x-forwarded-proto': 'http' }), direct)).toBe('https');
  });

  it('believes the nearest proxy behind TRUST_PROXY_HOPS, and only its entry', () => {
    expect(requestScheme(req('http://x/', { 'x-forwarded-proto': 'https' }), proxied)).toBe('https');
    expect(requestScheme(req('http://x/', { 'x-forwarded-proto': 'HTTPS' }), proxied)).toBe('https');
    expect(requestScheme(req('http://x/', { 'x-forwarded-proto': 'https, http' }), proxied)).toBe('http');
    expect(requestScheme(req('http://x/', { 'x-forwarded-proto': 'http, https' }), proxied)).toBe('https');
    expect(requestScheme(req('http://x/', {}), proxied)).toBe('http');
  });
});

describe('requestHost', () => {
  it('is Host, and X-Forwarded-Host only behind a trusted proxy', () => {
    const r = req('http://x/', { host: 'localhost:3000', 'x-forwarded-host': 'evil.example' });
    expect(requestHost(r, direct)).toBe('localhost:3000');
    expect(requestHost(r, proxied)).toBe('evil.example');
    expect(requestHost(req('http://x/', { host: 'a.example' }), proxied)).toBe('a.example');
  });
});

describe('requestOrigin and serializeOrigin', () => {
  it('serializes like a browser: lower case, default port dropped, other ports kept', () => {
    expect(serializeOrigin('http', 'LocalHost:80')).toBe('http://localhost');
    expect(serializeOrigin('https', 'example.com:443')).toBe('https://example.com');
    expect(serializeOrigin('https', 'example.com:80')).toBe('https://example.com:80');
    expect(serializeOrigin('http', '[::1]:3000')).toBe('http://[::1]:3000');
  });

  it('is undefined for a missing or malformed host', () => {
    for (const host of [null, '', 'a b', 'x/y', 'u@x', 'x?y', 'x#y', 'x\\y', 'x:notaport']) {
      expect(serializeOrigin('http', host)).toBeUndefined();
    }
  });

  it('combines the trusted scheme and host', () => {
    const r = req('http://x/', { host: 'app.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example' });
    expect(requestOrigin(r, direct)).toBe('http://app.example');
    expect(requestOrigin(r, proxied)).toBe('https://public.example');
  });
});

describe('stampedOrigin', () => {
  it("prefers the middleware's stamp, else the request's own without trusting proxies", () => {
    expect(stampedOrigin(req('http://x/', { host: 'a.example', [ORIGIN_HEADER]: 'https://b.example' }))).toBe('https://b.example');
    expect(stampedOrigin(req('http://x/', { host: 'a.example', 'x-forwarded-proto': 'https' }))).toBe('http://a.example');
  });
});
