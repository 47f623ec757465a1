import { describe, expect, it } from 'vitest';
import { Client, decodePayload, headerBytes, parseSetCookie, series, tamper, unsigned } from './claims';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const TOKEN = `${b64({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })}.${b64({ sub: 'u1', role: 'member', exp: 2 })}.c2ln`;

describe('series', () => {
  it('has the n, median and p95 of stats.ts over the samples it keeps', () => {
    const s = series('JWT', 'auth stage, ms', [4, 1, 3, 2, Number.NaN]);
    expect(s).toMatchObject({ label: 'JWT', n: 4, median: 2.5 });
    expect(s.p95).toBeCloseTo(3.85);
    expect(s.values).toHaveLength(5);
  });
});

describe('headerBytes', () => {
  it('counts the header line as it is sent, in UTF-8 bytes', () => {
    expect(headerBytes('Authorization', 'Bearer abc')).toBe('Authorization: Bearer abc'.length);
    expect(headerBytes('X', 'é')).toBe(5);
  });
});

describe('parseSetCookie', () => {
  it('reads name, value, path and HttpOnly, and knows a clearing cookie', () => {
    expect(parseSetCookie('authlab_refresh=abc=; Path=/api/token; HttpOnly; SameSite=Strict')).toEqual({
      name: 'authlab_refresh',
      value: 'abc=',
      path: '/api/token',
      httpOnly: true,
      cleared: false,
    });
    expect(parseSetCookie('authlab_session=; Path=/; Max-Age=0')).toMatchObject({ httpOnly: false, cleared: true });
    expect(parseSetCookie('garbage')).toBeUndefined();
  });
});

describe('token edits', () => {
  it('tamper keeps header and signature and changes the claim', () => {
    const edited = tamper(TOKEN, { role: 'admin' });
    expect(edited.split('.')[0]).toBe(TOKEN.split('.')[0]);
    expect(edited.split('.')[2]).toBe('c2ln');
    expect(decodePayload(edited)).toEqual({ sub: 'u1', role: 'admin', exp: 2 });
  });
  it('unsigned names alg none and drops the signature', () => {
    const none = unsigned(TOKEN);
    expect(JSON.parse(Buffer.from(none.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({ alg: 'none' });
    expect(none.endsWith('.')).toBe(true);
  });
});

describe('Client', () => {
  it('keeps cookies by path, counts the credential bytes it sends and reads Server-Timing', async () => {
    const seen: Headers[] = [];
    const fake: typeof fetch = async (_url, init) => {
      seen.push(new Headers(init?.headers));
      const headers = new Headers({ 'Server-Timing': 'auth;dur=1.5;desc="session lookup", store;dur=1.2;desc="1 round trip"' });
      headers.append('Set-Cookie', 's=one; Path=/; HttpOnly');
      headers.append('Set-Cookie', 'r=two; Path=/api/token; HttpOnly');
      return new Response(JSON.stringify({ error: { code: 'nope' } }), { status: 401, headers });
    };
    const client = new Client('http://x', fake);
    const first = await client.call('GET', '/api/me');
    expect(first).toMatchObject({ status: 401, code: 'nope', authMs: 1.5, roundTrips: 1, credentialBytes: 0 });
    const second = await client.call('GET', '/api/me', { bearer: 'tok' });
    expect(seen[1]?.get('cookie')).toBe('s=one');
    expect(second.credentialBytes).toBe('Cookie: s=one'.length + 'Authorization: Bearer tok'.length);
    await client.call('POST', '/api/token/refresh', { bearer: 'tok', noBearer: true });
    expect(seen[2]?.get('cookie')).toBe('s=one; r=two');
    expect(seen[2]?.get('authorization')).toBeNull();
    await client.call('GET', '/api/me', { noCookies: true });
    expect(seen[3]?.get('cookie')).toBeNull();
  });
});
