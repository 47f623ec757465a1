import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AuthError } from './errors';
import { MAX_BODY_BYTES, json, readJson, route } from './route';

const ctx = { params: Promise.resolve({}) };
const Schema = z.object({ name: z.string() });

const post = (body: string, type = 'application/json') =>
  new Request('http://x/api/t', { method: 'POST', headers: { 'content-type': type }, body });

describe('readJson', () => {
  it('parses a valid body', async () => {
    await expect(readJson(post('{"name":"a"}'), Schema)).resolves.toEqual({ name: 'a' });
    await expect(readJson(post('{"name":"a"}', 'application/json; charset=utf-8'), Schema)).resolves.toEqual({ name: 'a' });
  });

  it.each([
    ['a text/plain body', post('{"name":"a"}', 'text/plain'), 'unsupported_media_type', 415],
    ['a form body', post('name=a', 'application/x-www-form-urlencoded'), 'unsupported_media_type', 415],
    ['broken JSON', post('{"name":'), 'invalid_json', 400],
    ['a missing field', post('{}'), 'validation_failed', 400],
    ['a wrong type', post('{"name":1}'), 'validation_failed', 400],
    ['an oversized body', post(JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) })), 'payload_too_large', 413],
    [
      'invalid UTF-8',
      new Request('http://x', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array([0x22, 0xff, 0x22]),
      }),
      'invalid_json',
      400,
    ],
    // A lone surrogate, high or low, anywhere: a field, a nested value, a key (a 500 in encodeURIComponent before).
    ['a lone high surrogate', post('{"name":"\\ud800"}'), 'invalid_json', 400],
    ['a lone low surrogate', post('{"name":"a\\udc00b"}'), 'invalid_json', 400],
    ['a surrogate pair reversed', post('{"name":"\\udc00\\ud800"}'), 'invalid_json', 400],
    ['a lone surrogate in a nested value', post('{"name":"a","extra":[{"x":"\\ud83d"}]}'), 'invalid_json', 400],
    ['a lone surrogate in a key', post('{"name":"a","\\ud800":1}'), 'invalid_json', 400],
    // 16 KiB of brackets is thousands of levels: refused as too deep, never a stack overflow (a 500).
    ['7,000 nested arrays', post('['.repeat(7000) + ']'.repeat(7000)), 'invalid_json', 400],
    ['a deep object under a field', post(`{"name":"a","x":${'{"y":'.repeat(40)}1${'}'.repeat(40)}}`), 'invalid_json', 400],
  ])('refuses %s', async (_name, request, code, status) => {
    const error = await readJson(request, Schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(code);
    expect((error as AuthError).status).toBe(status);
  });

  it('takes nesting up to its limit', async () => {
    const nested = `{"name":"a","x":${'['.repeat(30)}1${']'.repeat(30)}}`;
    await expect(readJson(post(nested), Schema)).resolves.toEqual({ name: 'a' });
  });

  it('takes a whole surrogate pair (an emoji) as the text it is', async () => {
    await expect(readJson(post('{"name":"\\ud83d\\ude00 ok"}'), Schema)).resolves.toEqual({ name: '😀 ok' });
  });

  it('names the field that failed', async () => {
    const error = (await readJson(post('{}'), Schema).catch((e: unknown) => e)) as AuthError;
    expect(error.message).toMatch(/^name:/);
  });
});

describe('route', () => {
  const handlers = route({
    GET: () => json({ ok: true }),
    POST: () => {
      throw new AuthError('forbidden', 'no');
    },
  });

  it('answers other methods with a JSON 405 and Allow', async () => {
    const response = await handlers.DELETE(new Request('http://x/api/t', { method: 'DELETE' }), ctx);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    expect(await response.json()).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });
  });

  it('turns thrown AuthErrors into their JSON status', async () => {
    const response = await handlers.POST(new Request('http://x/api/t', { method: 'POST' }), ctx);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: 'forbidden', message: 'no' } });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('hides unexpected errors behind a bare 500 without a stack', async () => {
    const broken = route({
      GET: () => {
        throw new Error('secret internals at /srv/app.ts:12');
      },
    });
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await broken.GET(new Request('http://x/api/t'), ctx);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret internals');
    expect(JSON.parse(text).error.code).toBe('internal_error');
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
