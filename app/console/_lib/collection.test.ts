import { describe, expect, it } from 'vitest';
import { demoCredentials } from '@/lib/auth/demo-accounts';
import { COLLECTION, draftFrom } from './collection';

describe('the collection', () => {
  it('has every route of API.md', () => {
    const routes = COLLECTION.map((i) => `${i.method} ${i.path}`);
    for (const route of [
      'POST /api/session/login',
      'GET /api/session',
      'POST /api/session/logout',
      'GET /api/sessions',
      'DELETE /api/sessions/{id}',
      'DELETE /api/sessions',
      'POST /api/session/exchange',
      'POST /api/token',
      'POST /api/token/refresh',
      'POST /api/token/revoke',
      'GET /.well-known/jwks.json',
      'GET /api/health',
      'GET /api/ready',
      'GET /api/me',
      'GET /api/admin/overview',
      'GET /api/internal/report',
    ]) {
      expect(routes).toContain(route);
    }
  });

  it('prefills sign-in bodies with the demo account, as JSON with its Content-Type', () => {
    const login = COLLECTION.find((i) => i.id === 'token-login');
    expect(login).toBeDefined();
    const draft = draftFrom(login!);
    expect(JSON.parse(draft.body)).toEqual(demoCredentials('alice'));
    expect(draft.headers.map((h) => [h.name, h.value])).toEqual([['Content-Type', 'application/json']]);
  });

  it('sends no body and no Content-Type where there is none', () => {
    const me = COLLECTION.find((i) => i.id === 'me');
    expect(draftFrom(me!)).toMatchObject({ method: 'GET', path: '/api/me', body: '', headers: [], credential: 'bearer' });
  });
});
