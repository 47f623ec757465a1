import { describe, expect, it } from 'vitest';
import { AuthError } from '../http/errors';
import { ORIGIN_HEADER } from '../http/request-origin';
import { assertSameOrigin } from './csrf';

const req = (headers: Record<string, string>, url = 'http://localhost:3000/api/session/logout') =>
  new Request(url, { method: 'POST', headers: { host: 'localhost:3000', cookie: 'authlab_session=x', ...headers } });

describe('assertSameOrigin', () => {
  it('lets same-origin browser requests and non-browser clients through', () => {
    expect(() => assertSameOrigin(req({ origin: 'http://localhost:3000' }))).not.toThrow();
    expect(() => assertSameOrigin(req({ 'sec-fetch-site': 'same-origin' }))).not.toThrow();
    expect(() => assertSameOrigin(req({ 'sec-fetch-site': 'none' }))).not.toThrow();
    // Neither header, even with a cookie: browsers send Origin on every state change, so this is no browser.
    expect(() => assertSameOrigin(req({}))).not.toThrow();
  });

  it('compares the default port as browsers serialize it', () => {
    const onDefaultPort = (origin: string) => req({ origin, host: 'localhost' }, 'http://localhost/api/session/logout');
    expect(() => assertSameOrigin(onDefaultPort('http://localhost'))).not.toThrow();
    // Browsers leave the default port out; spelled in, it comes from no browser page.
    expect(() => assertSameOrigin(onDefaultPort('http://localhost:80'))).toThrow(AuthError);
    expect(() => assertSameOrigin(onDefaultPort('https://localhost'))).toThrow(AuthError);
  });

  it.each([
    [{ origin: 'https://evil.example' }],
    [{ origin: 'http://localhost:3001' }],
    [{ origin: 'http://localhost' }],
    [{ origin: 'https://localhost:3000' }],
    [{ origin: 'http://127.0.0.1:3000' }],
    [{ origin: 'http://localhost:3000.evil.example' }],
    [{ origin: 'http://localhost.:3000' }],
    [{ origin: 'null' }],
    // This origin spelled as no browser spells it (third outside check T5).
    [{ origin: 'http://LOCALHOST:3000' }],
    [{ origin: 'HTTP://localhost:3000' }],
    [{ origin: 'http://localhost:3000/' }],
    [{ origin: 'http://localhost:3000/path' }],
    [{ origin: 'http://localhost:3000#' }],
    [{ origin: 'http://localhost:3000?' }],
    [{ origin: 'http://localhost:03000' }],
    [{ origin: 'http://user@localhost:3000' }],
    [{ origin: 'not a url' }],
    [{ origin: '' }],
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
    [{ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }],
    // A client's forwarded headers do not change what "this origin" is without a trusted proxy.
    [{ origin: 'https://localhost:3000', 'x-forwarded-proto': 'https' }],
    [{ origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }],
  ])('refuses %j', (headers) => {
    expect(() => assertSameOrigin(req(headers))).toThrow(expect.objectContaining({ code: 'csrf_rejected', status: 403 }));
    expect(() => assertSameOrigin(req(headers))).toThrow(AuthError);
  });

  it('judges by the origin the middleware stamped (scheme from the connection or a trusted proxy)', () => {
    const behindTls = (origin: string) => req({ origin, [ORIGIN_HEADER]: 'https://localhost:3000' });
    expect(() => assertSameOrigin(behindTls('https://localhost:3000'))).not.toThrow();
    expect(() => assertSameOrigin(behindTls('http://localhost:3000'))).toThrow(AuthError);
  });

  it('refuses any Origin when the request has no usable Host', () => {
    const noHost = new Request('http://localhost:3000/x', { method: 'POST', headers: { origin: 'http://localhost:3000', host: 'a b' } });
    expect(() => assertSameOrigin(noHost)).toThrow(AuthError);
  });
});
