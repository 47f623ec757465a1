// Demo features must never change the visitor's cookies or end the visitor's credentials.
import { req, cookiesFrom, same } from './lib.mjs';
const s = await req('POST', '/api/session/login', { headers: same, from: '127.0.0.99', body: { username: 'bob', password: 'builder' } });
const k = await req('POST', '/api/token', { headers: same, from: '127.0.0.99', body: { username: 'bob', password: 'builder', transport: 'cookie' } });
const jar = { ...cookiesFrom(s), ...cookiesFrom(k) };
const cookie = Object.entries(jar).map(([a, b]) => `${a}=${b}`).join('; ');
console.log('visitor cookies', Object.keys(jar));
const before = (await req('GET', '/api/sessions', { headers: { cookie: `authlab_session=${jar.authlab_session}` } })).json.total;
for (const attack of ['cookie-replay', 'refresh-reuse', 'refresh-race', 'cross-site-post', 'cookie-tossing']) {
  const r = await req('POST', '/api/lab/attack', { headers: { ...same, cookie }, from: '127.0.0.99', body: { attack } });
  console.log('lab attack', attack, r.status, 'Set-Cookie:', r.setCookies.map((c) => c.split(';')[0].slice(0, 40)), r.json?.error?.code ?? '');
}
for (const [m, p, b] of [['GET', '/api/lab/cookies?path=/api/token/refresh'], ['POST', '/api/lab/damaged-token', {}], ['POST', '/api/token/introspect', { token: 'a.b.c' }], ['GET', '/api/keys/cost'], ['GET', '/api/session/inspect'], ['POST', '/api/lab/throwaway', {}], ['GET', '/api/bench/passthrough']]) {
  const r = await req(m, p, { headers: { ...same, cookie }, from: '127.0.0.99', body: b });
  console.log(m, p, r.status, 'Set-Cookie:', r.setCookies.map((c) => c.split(';')[0].slice(0, 40)));
}
// pages
for (const p of ['/', '/attacks', '/measure', '/learn', '/console', '/compare', '/keys', '/revocation', '/outage']) {
  const r = await req('GET', p, { headers: { cookie } }); if (r.setCookies.length) console.log('page', p, r.status, 'Set-Cookie:', r.setCookies.map((c) => c.split(';')[0].slice(0, 40)));
}
const me = await req('GET', '/api/me', { headers: { cookie: `authlab_session=${jar.authlab_session}` } });
const me2 = await req('GET', '/api/me', { headers: { cookie: `authlab_access=${jar.authlab_access}` } });
const rf = await req('POST', '/api/token/refresh', { headers: { ...same, cookie: `authlab_refresh=${jar.authlab_refresh}` } });
const after = (await req('GET', '/api/sessions', { headers: { cookie: `authlab_session=${jar.authlab_session}` } })).json?.total;
console.log('visitor session', me.status, 'access cookie', me2.status, 'refresh', rf.status, 'sessions before/after', before, after);
