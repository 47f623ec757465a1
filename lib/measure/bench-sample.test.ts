import { describe, expect, it } from 'vitest';
import { benchSampleResponse } from './bench-sample';

describe('benchSampleResponse', () => {
  it('is the shape GET /api/me gives a JWT caller, never cached', async () => {
    const response = benchSampleResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    const body = (await response.json()) as { user: Record<string, unknown>; auth: { mode: string; token: Record<string, unknown> } };
    expect(Object.keys(body.user).sort()).toEqual(['id', 'role', 'username']);
    expect(body.auth.mode).toBe('jwt');
    expect(Object.keys(body.auth.token).sort()).toEqual(['alg', 'audience', 'expiresAt', 'issuedAt', 'jti', 'kid']);
  });
});
