// Cookie-carried cells x state-changing routes x foreign-request variants: expect 403 csrf_rejected and the credential alive.
import { req, cookiesFrom, same, throwaway, ORIGIN } from './lib.mjs';
const t = await throwaway(process.argv[2] || '127.0.0.50');
const creds = { username: t.user.username, password: t.password };
const foreign = {
  evil: { origin: 'http://evil.com' },
  null: { origin: 'null' },
  port: { origin: 'http://127.0.0.1:3611' },
  https: { origin: 'https://127.0.0.1:3610' },
  otherLoopbackName: { origin: 'http://localhost:3610' },
  otherLoopbackAddr: { origin: 'http://127.0.0.2:3610' },
  twoOrigins: { origin: `${ORIGIN} http://evil.com` },
  sfsCross: { 'sec-fetch-site': 'cross-site' },
  sfsSameSite: { 'sec-fetch-site': 'same-site' },
  sfsEmpty: { 'sec-fetch-site': '' },
  refererOnly: { referer: 'http://evil.com/' },
};
async function cell(kind) {
  if (kind.startsWith('session')) {
    const s = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: kind === 'session-both' ? 'both' : 'cookie' } });
    const j = cookiesFrom(s);
    return { cookie: `authlab_session=${j.authlab_session}`, bearer: s.json.header_credential, id: s.json.session.id };
  }
  const k = await req('POST', '/api/token', { headers: same, body: { ...creds, transport: kind === 'jwt-both' ? 'both' : 'cookie' } });
  const j = cookiesFrom(k);
  return { cookie: Object.entries(j).map(([a, b]) => `${a}=${b}`).join('; '), bearer: k.json.header_credential };
}
const routes = [
  ['POST', '/api/session/logout', undefined], ['POST', '/api/token/revoke', { everywhere: true }], ['POST', '/api/token/refresh', undefined],
  ['DELETE', '/api/sessions', undefined], ['DELETE', '/api/sessions/{id}', undefined], ['POST', '/api/session/exchange', undefined],
  ['POST', '/api/token/introspect', { token: 'x' }], ['POST', '/api/lab/throwaway', {}],
];
const bad = [];
let n = 0;
for (const kind of ['session-cookie', 'session-both', 'jwt-cookie', 'jwt-both']) {
  const c = await cell(kind);
  for (const [m, p0, body] of routes) {
    for (const [fname, fh] of Object.entries(foreign)) {
      const p = p0.replace('{id}', c.id || 'x');
      // the "both" cells: also with the header half, which another site can't know but we test the edge anyway
      const headers = { cookie: c.cookie, ...fh };
      const r = await req(m, p, { headers, body });
      n++;
      const expectPass = fname === 'refererOnly';
      if (r.status === 403 && r.setCookies.length) bad.push(`${kind} ${m} ${p0} ${fname} 403 but Set-Cookie ${r.setCookies.map((c) => c.slice(0, 40)).join(' ')}`);
      if (!expectPass && r.status !== 403) bad.push(`${kind} ${m} ${p0} ${fname} -> ${r.status} ${r.text.slice(0, 120)}`);
      if (expectPass && r.status === 403) {} // fine either way
      // is the credential still alive?
      const alive = await req('GET', '/api/me', { headers: { cookie: c.cookie, ...(c.bearer ? { authorization: `Bearer ${c.bearer}` } : {}) } });
      if (alive.status !== 200) { bad.push(`${kind} dead after ${m} ${p0} ${fname}: ${alive.status} ${alive.text.slice(0, 80)}`); Object.assign(c, await cell(kind)); }
    }
  }
}
console.log('requests', n, 'problems', bad.length); for (const b of bad) console.log(' ', b);
