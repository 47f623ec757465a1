// Store outage drill (admin): fail closed with 503 + Retry-After, never clear a credential, never mint one; end key.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const mode = process.argv[2] || 'refuse';
const t = await throwaway('127.0.0.106');
const creds = { username: t.user.username, password: t.password };
const sc = await req('POST', '/api/session/login', { headers: same, body: creds });
const sess = `authlab_session=${cookiesFrom(sc).authlab_session}`;
const sh = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: 'header' } });
const k = await req('POST', '/api/token', { headers: same, body: creds });
const refresh = `authlab_refresh=${cookiesFrom(k).authlab_refresh}`;
const kc = await req('POST', '/api/token', { headers: same, body: { ...creds, transport: 'cookie' } });
const acc = `authlab_access=${cookiesFrom(kc).authlab_access}`;
const alice = await req('POST', '/api/token', { headers: same, from: '127.0.0.107', body: { username: 'alice', password: 'wonderland' } });
const start = await req('POST', '/api/admin/store-outage', { headers: { ...same, authorization: `Bearer ${alice.json.access_token}` }, body: { seconds: 25, mode } });
console.log('start drill', mode, start.status, JSON.stringify(start.json).slice(0, 200));
const endKey = start.json.endKey;
const show = (name, r) => console.log(name.padEnd(34), r.status, r.json?.error?.code ?? '', 'RA', r.headers['retry-after'] ?? '-', 'Set-Cookie', JSON.stringify(r.setCookies.map((c) => c.split(';')[0].slice(0, 25) + (/max-age=0/i.test(c) ? ' (CLEARED)' : ''))), Math.round(r.ms) + 'ms');
try {
  show('GET /api/me session cookie', await req('GET', '/api/me', { headers: { cookie: sess } }));
  show('GET /api/me session header', await req('GET', '/api/me', { headers: { authorization: `Bearer ${sh.json.header_credential}` } }));
  show('GET /api/me jwt (denylist on)', await req('GET', '/api/me', { headers: { authorization: `Bearer ${k.json.access_token}` } }));
  show('GET /api/me jwt cookie', await req('GET', '/api/me', { headers: { cookie: acc } }));
  show('POST /api/token/refresh', await req('POST', '/api/token/refresh', { headers: { ...same, cookie: refresh } }));
  show('POST /api/session/login', await req('POST', '/api/session/login', { headers: same, from: '127.0.0.108', body: creds }));
  show('POST /api/token', await req('POST', '/api/token', { headers: same, from: '127.0.0.108', body: creds }));
  show('POST /api/session/exchange', await req('POST', '/api/session/exchange', { headers: { ...same, cookie: sess } }));
  show('GET /api/sessions', await req('GET', '/api/sessions', { headers: { cookie: sess } }));
  show('POST /api/session/logout (cookie)', await req('POST', '/api/session/logout', { headers: { ...same, cookie: sess } }));
  show('POST /api/token/revoke', await req('POST', '/api/token/revoke', { headers: { ...same, cookie: refresh }, body: {} }));
  show('DELETE /api/sessions', await req('DELETE', '/api/sessions', { headers: { ...same, authorization: `Bearer ${sh.json.header_credential}` } }));
  show('POST /api/lab/throwaway', await req('POST', '/api/lab/throwaway', { headers: same, from: '127.0.0.109', body: {} }));
  show('GET /api/ready', await req('GET', '/api/ready'));
  show('GET /api/health', await req('GET', '/api/health'));
  show('end key, seconds 5', await req('POST', '/api/admin/store-outage', { headers: { ...same, 'outage-end-key': endKey }, body: { seconds: 5 } }));
  show('end key, tampered', await req('POST', '/api/admin/store-outage', { headers: { ...same, 'outage-end-key': endKey.slice(0, -2) + 'AA' }, body: { seconds: 0 } }));
  show('end key, empty', await req('POST', '/api/admin/store-outage', { headers: { ...same, 'outage-end-key': '' }, body: { seconds: 0 } }));
  show('end key, cross-origin', await req('POST', '/api/admin/store-outage', { headers: { origin: 'http://evil.com', 'outage-end-key': endKey }, body: { seconds: 0 } }));
} finally {
  show('end key, ok', await req('POST', '/api/admin/store-outage', { headers: { ...same, 'outage-end-key': endKey }, body: { seconds: 0 } }));
}
show('after: GET /api/me session cookie', await req('GET', '/api/me', { headers: { cookie: sess } }));
show('after: refresh', await req('POST', '/api/token/refresh', { headers: { ...same, cookie: refresh } }));
show('after: end key replay', await req('POST', '/api/admin/store-outage', { headers: { ...same, 'outage-end-key': endKey }, body: { seconds: 0 } }));
