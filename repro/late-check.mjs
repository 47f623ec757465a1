// Start credentials of a throwaway user (ends after 10 min); save them; run again with "check" after the end.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
import fs from 'node:fs';
const F = '/tmp/attack2-late.json';
if (process.argv[2] !== 'check') {
  const t = await throwaway();
  const tok = await req('POST', '/api/token', { headers: same, body: { username: t.user.username, password: t.password } });
  const ses = await req('POST', '/api/session/login', { headers: same, body: { username: t.user.username, password: t.password, transport: 'header' } });
  fs.writeFileSync(F, JSON.stringify({ t, refresh: cookiesFrom(tok).authlab_refresh, sess: ses.json.header_credential, at: Date.now() }));
  console.log('saved; user expires', t.expiresAt, 'refresh max-age', tok.setCookies.find((c) => c.startsWith('authlab_refresh')));
} else {
  const s = JSON.parse(fs.readFileSync(F));
  let refresh = s.refresh;
  const r = await req('POST', '/api/token/refresh', { headers: { ...same, cookie: `authlab_refresh=${refresh}` } });
  console.log('after', (Date.now() - s.at) / 1000, 's refresh', r.status, r.text.slice(0, 200));
  const m = await req('GET', '/api/me', { headers: { authorization: `Bearer ${s.sess}` } });
  console.log('session', m.status, m.text.slice(0, 200));
  const l = await req('POST', '/api/token', { headers: same, body: { username: s.t.user.username, password: s.t.password } });
  console.log('login', l.status, l.text.slice(0, 200));
}
