import { describe, expect, it } from 'vitest';
import { GET } from './route';

describe('GET /api/bench/passthrough', () => {
  it('answers, with no credential, a body of the shape GET /api/me gives a JWT caller', async () => {
    const response = await GET(new Request('http://authlab.test/api/bench/passthrough'), { params: Promise.resolve({}) } as never);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: Record<string, unknown>; auth: { mode: string; token: Record<string, unknown> } };
    expect(Object.keys(body.user).sort()).toEqual(['id', 'role', 'username']);
    expect(body.auth.mode).toBe('jwt');
    expect(Object.keys(body.auth.token).sort()).toEqual(['alg', 'audience', 'expiresAt', 'issuedAt', 'jti', 'kid']);
  });
});
