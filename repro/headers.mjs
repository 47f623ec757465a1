// Cache-Control: no-store on every identity/credential response; Server-Timing auth on authenticated ones; 405 has Allow.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const t = await throwaway('127.0.0.100');
const creds = { username: t.user.username, password: t.password };
const s = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: 'header' } });
const b = { authorization: `Bearer ${s.json.header_credential}` };
const k = await req('POST', '/api/token', { headers: same, body: creds });
const jb = { authorization: `Bearer ${k.json.access_token}` };
const ex = await req('POST', '/api/session/exchange', { headers: { ...same, ...b } });
const checks = [
  ['POST /api/session/login', s], ['POST /api/token', k], ['POST /api/session/exchange', ex],
  ['GET /api/session', await req('GET', '/api/session', { headers: b })], ['GET /api/sessions', await req('GET', '/api/sessions', { headers: b })],
  ['GET /api/me (session)', await req('GET', '/api/me', { headers: b })], ['GET /api/me (jwt)', await req('GET', '/api/me', { headers: jb })],
  ['HEAD /api/me (jwt)', await req('HEAD', '/api/me', { headers: jb })],
  ['GET /api/internal/report', await req('GET', '/api/internal/report', { headers: { authorization: `Bearer ${ex.json.access_token}` } })],
  ['POST /api/token/refresh', await req('POST', '/api/token/refresh', { headers: { ...same, cookie: `authlab_refresh=${cookiesFrom(k).authlab_refresh}` } })],
  ['POST /api/token/introspect', await req('POST', '/api/token/introspect', { headers: same, body: { token: k.json.access_token } })],
  ['GET /api/session/inspect', await req('GET', '/api/session/inspect', { headers: b })],
  ['POST /api/lab/throwaway', await req('POST', '/api/lab/throwaway', { headers: same, body: {}, from: '127.0.0.101' })],
  ['GET /api/me 401', await req('GET', '/api/me', { headers: { authorization: 'Bearer x' } })],
];
for (const [name, r] of checks) console.log(name, r.status, 'cache-control:', r.headers['cache-control'], '| server-timing:', r.headers['server-timing'] ?? '-', r.status === 401 ? '| www-auth: ' + r.headers['www-authenticate'] : '');
for (const [m, p] of [['DELETE', '/api/me'], ['PUT', '/api/token'], ['GET', '/api/token/refresh'], ['PATCH', '/api/health']]) { const r = await req(m, p, { headers: same }); console.log(m, p, r.status, r.json?.error?.code, 'Allow:', r.headers.allow); }
