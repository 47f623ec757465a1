import { describe, expect, it } from 'vitest';
import { CREDENTIALS, lessonFor } from './credentials';

describe('credential options', () => {
  it('have the labels API.md fixes', () => {
    const labels = CREDENTIALS.map((c) => c.label);
    expect(labels.slice(0, 3)).toEqual(['Session cookie', 'Bearer token', 'None']);
    for (const variant of ['expired', 'tampered signature', 'alg: none', 'wrong audience', 'revoked']) {
      expect(labels).toContain(`Bearer token (${variant})`);
    }
  });
});

describe('lessonFor', () => {
  it('explains a revoked token that still works: the denylist was not checked', () => {
    const lesson = lessonFor('revoked', { status: 200, errorCode: undefined, authDesc: 'jwt ES256' });
    expect(lesson).toMatch(/denylist/);
    expect(lesson).toMatch(/"jwt ES256"/);
    expect(lesson).toMatch(/until it expires/);
  });

  it('credits the denylist when it refused the revoked token', () => {
    expect(lessonFor('revoked', { status: 401, errorCode: 'invalid_token', authDesc: 'jwt ES256 + denylist' })).toMatch(/denylist is on/);
  });

  it('explains each damaged token that was refused, and stays quiet on a surprise', () => {
    expect(lessonFor('expired', { status: 401, errorCode: 'token_expired', authDesc: undefined })).toMatch(/exp/);
    expect(lessonFor('tampered', { status: 401, errorCode: 'invalid_token', authDesc: undefined })).toMatch(/signature/);
    expect(lessonFor('alg_none', { status: 401, errorCode: 'invalid_token', authDesc: undefined })).toMatch(/unsigned/);
    expect(lessonFor('wrong_audience', { status: 401, errorCode: 'invalid_token', authDesc: undefined })).toMatch(/aud/);
    expect(lessonFor('tampered', { status: 200, errorCode: undefined, authDesc: undefined })).toBeUndefined();
    expect(lessonFor('bearer', { status: 200, errorCode: undefined, authDesc: undefined })).toBeUndefined();
  });
});
