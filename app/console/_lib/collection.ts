// The collection: every route of API.md (and the console's own lab routes), ready to send or edit.
// Runtime: browser and Node (pure data).
import { demoCredentials } from '@/lib/auth/demo-accounts';
import type { CredentialChoice } from './credentials';
import { pair, type Draft, type Method } from './request';

export interface CollectionItem {
  id: string;
  group: string;
  name: string;
  method: Method;
  path: string;
  query?: [string, string][];
  body?: unknown;
  credential: CredentialChoice;
  /** One line on what to expect or what to change. */
  note?: string;
}

const alice = demoCredentials('alice');
const bob = demoCredentials('bob');

export const COLLECTION: readonly CollectionItem[] = [
  {
    id: 'session-login',
    group: 'Session (cookie)',
    name: 'Sign in, cookie session',
    method: 'POST',
    path: '/api/session/login',
    body: alice,
    credential: 'session',
    note: `The answer sets the HttpOnly authlab_session cookie; ${bob.username} / ${bob.password} is a member.`,
  },
  { id: 'session-get', group: 'Session (cookie)', name: 'Current session', method: 'GET', path: '/api/session', credential: 'session' },
  {
    id: 'session-logout',
    group: 'Session (cookie)',
    name: 'Sign out',
    method: 'POST',
    path: '/api/session/logout',
    credential: 'session',
    note: 'Deletes the server record and clears the cookie.',
  },
  {
    id: 'session-exchange',
    group: 'Session (cookie)',
    name: 'Trade the session for an internal JWT',
    method: 'POST',
    path: '/api/session/exchange',
    credential: 'session',
    note: 'Hybrid: "Use as bearer token", then call GET /api/internal/report.',
  },
  { id: 'devices-list', group: 'Devices', name: 'My sessions', method: 'GET', path: '/api/sessions', credential: 'session' },
  {
    id: 'devices-revoke-one',
    group: 'Devices',
    name: 'Revoke one session',
    method: 'DELETE',
    path: '/api/sessions/{id}',
    credential: 'session',
    note: 'Replace {id} with an id from GET /api/sessions.',
  },
  {
    id: 'devices-revoke-all',
    group: 'Devices',
    name: 'Sign out everywhere',
    method: 'DELETE',
    path: '/api/sessions',
    credential: 'session',
    note: 'Ends every session of the user, this one included.',
  },
  {
    id: 'token-login',
    group: 'JWT (bearer)',
    name: 'Sign in for a token',
    method: 'POST',
    path: '/api/token',
    body: alice,
    credential: 'session',
    note: 'The browser keeps the refresh cookie (Path=/api/token) only with "Session cookie".',
  },
  {
    id: 'token-refresh',
    group: 'JWT (bearer)',
    name: 'Rotate the refresh token',
    method: 'POST',
    path: '/api/token/refresh',
    credential: 'session',
    note: 'Needs the authlab_refresh cookie, which only goes to /api/token/*, and its companion authlab_refresh_bind (Path=/): without it the refresh cookie is refused and cleared.',
  },
  {
    id: 'token-revoke',
    group: 'JWT (bearer)',
    name: 'Revoke',
    method: 'POST',
    path: '/api/token/revoke',
    body: { token: '{{token}}' },
    credential: 'session',
    note: '{{token}} stands for your bearer token; the refresh cookie’s family ends too.',
  },
  { id: 'jwks', group: 'JWT (bearer)', name: 'Public keys (JWKS)', method: 'GET', path: '/.well-known/jwks.json', credential: 'none' },
  { id: 'me', group: 'Resources', name: 'Who am I', method: 'GET', path: '/api/me', credential: 'bearer' },
  {
    id: 'admin',
    group: 'Resources',
    name: 'Admin overview',
    method: 'GET',
    path: '/api/admin/overview',
    credential: 'bearer',
    note: 'bob gets 403 forbidden.',
  },
  {
    id: 'internal',
    group: 'Resources',
    name: 'Internal report',
    method: 'GET',
    path: '/api/internal/report',
    credential: 'bearer',
    note: 'Only the hybrid internal token from POST /api/session/exchange.',
  },
  { id: 'health', group: 'Health', name: 'Liveness', method: 'GET', path: '/api/health', credential: 'none' },
  { id: 'ready', group: 'Health', name: 'Readiness', method: 'GET', path: '/api/ready', credential: 'none' },
  {
    id: 'lab-damaged',
    group: 'Lab (this console)',
    name: 'A damaged copy of my token',
    method: 'POST',
    path: '/api/lab/damaged-token',
    body: { variant: 'expired' },
    credential: 'bearer',
    note: 'variant: "expired" or "wrong_audience". Such tokens grant nothing.',
  },
  {
    id: 'lab-cookies',
    group: 'Lab (this console)',
    name: 'Which cookies go to a path',
    method: 'GET',
    path: '/api/lab/cookies',
    query: [['path', '/api/token/refresh']],
    credential: 'session',
    note: 'Names only, never values.',
  },
];

export function draftFrom(item: CollectionItem): Draft {
  const body = item.body === undefined ? '' : JSON.stringify(item.body, null, 2);
  return {
    method: item.method,
    path: item.path,
    query: (item.query ?? []).map(([n, v]) => pair(n, v)),
    headers: body === '' ? [] : [pair('Content-Type', 'application/json')],
    body,
    credential: item.credential,
  };
}

export function groupedCollection(): [string, CollectionItem[]][] {
  const groups = new Map<string, CollectionItem[]>();
  for (const item of COLLECTION) groups.set(item.group, [...(groups.get(item.group) ?? []), item]);
  return [...groups];
}
