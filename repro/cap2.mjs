// SESSION_MAX_PER_USER (50): 56 sign-ins in waves of 8 (different addresses): at most 50 live afterwards?
import { req, same, throwaway, cookiesFrom } from './lib.mjs';
const t = await throwaway('127.0.0.95');
const creds = { username: t.user.username, password: t.password };
const ok = []; const m = {};
for (let w = 0; w < 7; w++) {
  const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => req('POST', '/api/session/login', { headers: same, from: `127.0.2.${1 + i}`, body: { ...creds, transport: i % 2 ? 'header' : 'both' } })));
  for (const r of rs) { m[r.status] = (m[r.status] || 0) + 1; if (r.status === 200) ok.push(r); }
}
console.log('sign-ins', m);
await new Promise((r) => setTimeout(r, 2000));
let live = 0; for (const r of ok) if ((await req('GET', '/api/session', { headers: { authorization: `Bearer ${r.json.header_credential}`, ...(r.json.transport === 'both' ? { cookie: `authlab_session=${cookiesFrom(r).authlab_session}` } : {}) } })).status === 200) live++;
const list = await req('GET', '/api/sessions', { headers: { authorization: `Bearer ${ok.filter((r) => r.json.transport === 'header').at(-1).json.header_credential}` } });
console.log('live sessions', live, '(cap 50); list total', list.json?.total);
