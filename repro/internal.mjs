// The hybrid internal token works only on /api/internal/report; not as an access token anywhere else.
import { req, cookiesFrom, same } from './lib.mjs';
const s = await req('POST', '/api/session/login', { headers: same, from: '127.0.0.112', body: { username: 'alice', password: 'wonderland', transport: 'header' } });
const ex = await req('POST', '/api/session/exchange', { headers: { ...same, authorization: `Bearer ${s.json.header_credential}` } });
const it = { authorization: `Bearer ${ex.json.access_token}` };
for (const [m, p, b] of [['GET', '/api/internal/report'], ['GET', '/api/me'], ['GET', '/api/admin/overview'], ['PATCH', '/api/settings', { jwtDenylist: true }], ['POST', '/api/keys/rotate', {}], ['POST', '/api/token/revoke', { everywhere: true }], ['POST', '/api/lab/damaged-token', {}], ['GET', '/api/sessions'], ['POST', '/api/session/exchange']]) {
  const r = await req(m, p, { headers: { ...it, ...same }, body: b }); console.log('internal token', m, p, r.status, r.text.slice(0, 110));
}
const cookieSplit = await req('POST', '/api/token', { headers: same, from: '127.0.0.112', body: { username: 'alice', password: 'wonderland', transport: 'cookie' } });
console.log('access cookie on internal route', (await req('GET', '/api/internal/report', { headers: { cookie: `authlab_access=${cookiesFrom(cookieSplit).authlab_access}` } })).status);
console.log('session on internal route', (await req('GET', '/api/internal/report', { headers: { authorization: `Bearer ${s.json.header_credential}` } })).status);
