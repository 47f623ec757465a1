// Misc: middleware bypass headers, forged identity headers, info leaks, unknown-vs-wrong equality, logout per transport, fixation.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const t = await throwaway('127.0.0.91');
const creds = { username: t.user.username, password: t.password };
const bypass = { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware', 'x-authlab-identity': 'u_alice', 'x-authlab-user': 'alice', 'x-authlab-role': 'admin', 'x-authlab-origin': 'http://evil.com', 'x-middleware-override-headers': 'x-authlab-identity', 'x-middleware-request-x-authlab-identity': 'x', 'x-invoke-path': '/api/health', 'x-nextjs-data': '1', 'x-now-route-matches': '1', 'next-action': 'x' };
for (const p of ['/api/me', '/api/admin/overview', '/api/internal/report', '/api/sessions', '/api/session', '/api/keys', '/api/admin/store-outage']) {
  const r = await req('GET', p, { headers: bypass }); console.log('forged headers GET', p, r.status, r.text.slice(0, 90));
}
for (const [m, p, b] of [['DELETE', '/api/sessions', undefined], ['PATCH', '/api/settings', { jwtDenylist: false }], ['POST', '/api/keys/rotate', {}], ['POST', '/api/admin/store-outage', { seconds: 5 }], ['POST', '/api/session/exchange', undefined]]) {
  const r = await req(m, p, { headers: { ...bypass, origin: 'http://127.0.0.1:3610', 'x-authlab-origin': 'http://127.0.0.1:3610' }, body: b }); console.log('forged headers', m, p, r.status, r.text.slice(0, 90));
}
// member on admin routes
const bob = await req('POST', '/api/token', { headers: same, body: creds });
const bb = { authorization: `Bearer ${bob.json.access_token}` };
for (const [m, p, b] of [['GET', '/api/admin/overview'], ['PATCH', '/api/settings', { jwtDenylist: false }], ['POST', '/api/keys/rotate', {}], ['POST', '/api/admin/store-outage', { seconds: 5 }], ['GET', '/api/keys'], ['GET', '/api/internal/report']]) {
  const r = await req(m, p, { headers: { ...bb, ...same }, body: b }); console.log('member', m, p, r.status, r.text.slice(0, 100));
}
// unknown vs wrong password: identical?
const a = await req('POST', '/api/session/login', { headers: same, from: '127.0.0.92', body: { username: 'bob', password: 'nope' } });
const u = await req('POST', '/api/session/login', { headers: same, from: '127.0.0.93', body: { username: 'nobody-xyz', password: 'nope' } });
const strip = (h) => Object.fromEntries(Object.entries(h).filter(([k]) => !['date', 'server-timing'].includes(k)));
console.log('wrong pw vs unknown: body equal', a.text === u.text, 'headers equal', JSON.stringify(strip(a.headers)) === JSON.stringify(strip(u.headers)), a.headers['server-timing'], '|', u.headers['server-timing'], Math.round(a.ms), Math.round(u.ms));
// JWKS private parts
const j = await req('GET', '/.well-known/jwks.json'); console.log('jwks keys', j.json.keys.map((k) => Object.keys(k).join(',')));
// logout per transport
for (const tr of ['cookie', 'header', 'both']) {
  const s = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: tr } });
  const jar = cookiesFrom(s);
  const h = { ...(jar.authlab_session ? { cookie: `authlab_session=${jar.authlab_session}` } : {}), ...(s.json.header_credential ? { authorization: `Bearer ${s.json.header_credential}` } : {}) };
  const lo = await req('POST', '/api/session/logout', { headers: { ...h, ...same } });
  const after = await req('GET', '/api/me', { headers: h });
  const cookieOnly = jar.authlab_session ? (await req('GET', '/api/session', { headers: { cookie: `authlab_session=${jar.authlab_session}` } })).status : '-';
  console.log('logout', tr, lo.status, lo.setCookies.map((c) => c.split(';')[0].slice(0, 30)), 'then /api/me', after.status, after.json?.error?.code, 'cookie-only GET /api/session', cookieOnly);
}
// fixation: sign in while carrying an attacker-chosen session cookie (attacker's own valid session)
const att = await req('POST', '/api/session/login', { headers: same, body: creds });
const attCookie = cookiesFrom(att).authlab_session;
const vic = await req('POST', '/api/session/login', { headers: { ...same, cookie: `authlab_session=${attCookie}` }, body: { username: 'bob', password: 'builder' } });
const vicCookie = cookiesFrom(vic).authlab_session;
console.log('fixation: new cookie differs', vicCookie !== attCookie, '; attacker cookie now', (await req('GET', '/api/me', { headers: { cookie: `authlab_session=${attCookie}` } })).status);
// header-transport sign-in while carrying a cookie session: does the cookie session survive? (documented: only cookie-carried sign-ins end it)
// session inspect
const si = await req('GET', '/api/session/inspect', { headers: { cookie: `authlab_session=${vicCookie}` } }); console.log('inspect', si.status, si.text.slice(0, 400));
const ss = await req('GET', '/api/sessions', { headers: { cookie: `authlab_session=${vicCookie}` } }); console.log('sessions', ss.status, ss.text.slice(0, 300));
