// Cookie-carried admin credentials on the middleware-protected state changes: foreign Origin -> 403 (PATCH /api/settings to its current value).
import { req, cookiesFrom, same } from './lib.mjs';
const s = await req('POST', '/api/session/login', { headers: same, from: '127.0.0.113', body: { username: 'alice', password: 'wonderland' } });
const k = await req('POST', '/api/token', { headers: same, from: '127.0.0.113', body: { username: 'alice', password: 'wonderland', transport: 'cookie' } });
const kb = await req('POST', '/api/token', { headers: same, from: '127.0.0.113', body: { username: 'alice', password: 'wonderland', transport: 'both' } });
const cells = {
  session: { cookie: `authlab_session=${cookiesFrom(s).authlab_session}` },
  jwtCookie: { cookie: `authlab_access=${cookiesFrom(k).authlab_access}` },
  jwtBoth: { cookie: `authlab_access_sig=${cookiesFrom(kb).authlab_access_sig}`, authorization: `Bearer ${kb.json.header_credential}` },
};
for (const [name, h] of Object.entries(cells)) for (const f of [{ origin: 'http://evil.com' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'http://127.0.0.1:3610' }]) {
  const r = await req('PATCH', '/api/settings', { headers: { ...h, ...f }, body: { jwtDenylist: true } });
  console.log(name, JSON.stringify(f), r.status, r.json?.error?.code ?? JSON.stringify(r.json));
}
for (const [name, h] of Object.entries(cells)) { const r = await req('GET', '/api/sessions', { headers: { ...h, 'x-http-method-override': 'DELETE' } }); console.log('method override', name, r.status); }
