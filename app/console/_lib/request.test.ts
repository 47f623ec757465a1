import { describe, expect, it } from 'vitest';
import { fillDraft, headerList, isForbiddenHeader, pair, requestHeadBytes, targetUrl, usesTokenVariable, type Draft } from './request';

const ORIGIN = 'http://127.0.0.1:3000';

describe('targetUrl', () => {
  it('joins the path and the enabled query rows on the page origin', () => {
    const result = targetUrl('/api/lab/cookies', [pair('path', '/api/token'), pair('off', 'x', false), pair('', 'ignored')], ORIGIN);
    expect(result).toEqual({ ok: true, value: new URL('http://127.0.0.1:3000/api/lab/cookies?path=%2Fapi%2Ftoken') });
  });

  it('keeps a query typed into the path and adds to it', () => {
    const result = targetUrl('/api/x?a=1', [pair('b', '2 3')], ORIGIN);
    expect(result.ok && result.value.href).toBe('http://127.0.0.1:3000/api/x?a=1&b=2+3');
  });

  it.each(['//evil.example/steal', '/\\evil.example/steal', '/\\/evil.example', 'https://evil.example/', 'api/me', ''])(
    'refuses %j, which does not stay on this site',
    (path) => {
      expect(targetUrl(path, [], ORIGIN).ok).toBe(false);
    },
  );
});

describe('headerList', () => {
  it('keeps enabled, named rows, trimmed', () => {
    expect(headerList([pair(' Accept ', ' application/json '), pair('X-Off', '1', false), pair('', 'x')])).toEqual({
      ok: true,
      value: [['Accept', 'application/json']],
    });
  });

  it('drops headers the browser would drop, and refuses invalid ones', () => {
    expect(isForbiddenHeader('Cookie')).toBe(true);
    expect(isForbiddenHeader('sec-fetch-site')).toBe(true);
    expect(isForbiddenHeader('Authorization')).toBe(false);
    expect(headerList([pair('Cookie', 'a=b')])).toEqual({ ok: true, value: [] });
    expect(headerList([pair('Bad Name', 'x')]).ok).toBe(false);
    expect(headerList([pair('X-Split', 'a\r\nInjected: 1')]).ok).toBe(false);
  });
});

describe('{{token}}', () => {
  const draft: Draft = {
    method: 'POST',
    path: '/api/token/revoke',
    query: [],
    headers: [pair('X-Token', '{{token}}')],
    body: '{"token":"{{token}}"}',
    credential: 'session',
  };

  it('is found and filled everywhere', () => {
    expect(usesTokenVariable(draft)).toBe(true);
    const filled = fillDraft(draft, 'abc');
    expect(filled.body).toBe('{"token":"abc"}');
    expect(filled.headers[0]?.value).toBe('abc');
    expect(usesTokenVariable({ ...draft, headers: [], body: '' })).toBe(false);
  });
});

describe('requestHeadBytes', () => {
  it('counts the request line and the headers as HTTP/1.1 writes them', () => {
    // "GET /a?b=1 HTTP/1.1\r\n" (21) + "X: yz\r\n" (7) + "\r\n" (2)
    expect(requestHeadBytes('GET', new URL('http://h/a?b=1'), [['X', 'yz']])).toBe(30);
  });
});
