import { describe, expect, it } from 'vitest';
import { AuthError } from '../http/errors';
import { assertSameOrigin } from './csrf';

const req = (headers: Record<string, string>) =>
  new Request('http://localhost:3000/api/session/logout', { method: 'POST', headers: { host: 'localhost:3000', ...headers } });

describe('assertSameOrigin', () => {
  it('lets same-origin browser requests and non-browser clients through', () => {
    expect(() => assertSameOrigin(req({ origin: 'http://localhost:3000' }))).not.toThrow();
    expect(() => assertSameOrigin(req({ origin: 'http://LOCALHOST:3000' }))).not.toThrow();
    expect(() => assertSameOrigin(req({ 'sec-fetch-site': 'same-origin' }))).not.toThrow();
    expect(() => assertSameOrigin(req({ 'sec-fetch-site': 'none' }))).not.toThrow();
    expect(() => assertSameOrigin(req({}))).not.toThrow();
  });

  it.each([
    [{ origin: 'https://evil.example' }],
    [{ origin: 'http://localhost:3001' }],
    [{ origin: 'http://localhost:3000.evil.example' }],
    [{ origin: 'null' }],
    [{ origin: 'not a url' }],
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
    [{ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }],
  ])('refuses %j', (headers) => {
    expect(() => assertSameOrigin(req(headers))).toThrow(expect.objectContaining({ code: 'csrf_rejected', status: 403 }));
    expect(() => assertSameOrigin(req(headers))).toThrow(AuthError);
  });
});
