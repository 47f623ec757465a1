// Sign out everywhere: mint a credential in every cell for one throwaway user, sign out everywhere
// via the route given (sessions | revoke), then check that every credential is dead.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const via = process.argv[2] || 'sessions';
const t = await throwaway();
const creds = { username: t.user.username, password: t.password };
const C = {};
for (const tr of ['cookie', 'header', 'both']) {
  const s = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: tr } });
  const j = cookiesFrom(s);
  C['session-' + tr] = { cookie: j.authlab_session ? `authlab_session=${j.authlab_session}` : undefined, bearer: s.json.header_credential };
  const k = await req('POST', '/api/token', { headers: same, body: { ...creds, transport: tr } });
  const jk = cookiesFrom(k);
  const cookie = [jk.authlab_access && `authlab_access=${jk.authlab_access}`, jk.authlab_access_sig && `authlab_access_sig=${jk.authlab_access_sig}`].filter(Boolean).join('; ') || undefined;
  C['jwt-' + tr] = { cookie, bearer: k.json.access_token || k.json.header_credential, refresh: jk.authlab_refresh, whole: k.json.access_token };
}
// hybrid internal token from the cookie session, and from the header session
const ex = await req('POST', '/api/session/exchange', { headers: { ...same, cookie: C['session-cookie'].cookie } });
const ex2 = await req('POST', '/api/session/exchange', { headers: { ...same, authorization: `Bearer ${C['session-header'].bearer}` } });
C.internal = { bearer: ex.json?.access_token, path: '/api/internal/report' };
C.internal2 = { bearer: ex2.json?.access_token, path: '/api/internal/report' };
const h = (c) => ({ ...(c.cookie ? { cookie: c.cookie } : {}), ...(c.bearer ? { authorization: `Bearer ${c.bearer}` } : {}) });
async function check(label) {
  const out = {};
  for (const [k, c] of Object.entries(C)) {
    const r = await req('GET', c.path || '/api/me', { headers: h(c) });
    out[k] = r.status + (r.json?.error ? ':' + r.json.error.code : '');
    if (c.refresh) { const rr = await req('POST', '/api/token/refresh', { headers: { ...same, cookie: `authlab_refresh=${c.refresh}` } }); out[k] += ' refresh=' + rr.status; if (rr.status === 200) { c.refresh = cookiesFrom(rr).authlab_refresh; } }
    if (c.whole || k.startsWith('internal')) { const i = await req('POST', '/api/token/introspect', { headers: same, body: { token: c.whole || c.bearer } }); out[k] += ' introspect.active=' + i.json?.active; }
  }
  console.log(label, out);
}
await check('before');
await new Promise((r) => setTimeout(r, 1100)); // tokens from a second earlier
let r;
if (via === 'sessions') r = await req('DELETE', '/api/sessions', { headers: { ...same, authorization: `Bearer ${C['session-header'].bearer}` } });
else r = await req('POST', '/api/token/revoke', { headers: { ...same, authorization: `Bearer ${C['jwt-header'].bearer}` }, body: { everywhere: true } });
console.log('sign out everywhere via', via, r.status, r.text);
await check('after');
