// Parallel sign-ins (every mode/transport) racing one sign-out everywhere: which credentials survive, and
// were they answered before the sign-out answered? (A sign-in that *finishes* after the cut-off is a new sign-in.)
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t = await throwaway('127.0.0.97');
const creds = { username: t.user.username, password: t.password };
const s0 = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: 'header' } });
const jobs = [];
const kinds = [];
for (let i = 0; i < 12; i++) {
  const mode = i % 2 ? 'session' : 'jwt'; const tr = ['cookie', 'header', 'both'][i % 3];
  kinds.push(`${mode}-${tr}`);
  jobs.push(sleep(i * 10).then(() => { const sent = Date.now(); return req('POST', mode === 'session' ? '/api/session/login' : '/api/token', { headers: same, from: `127.0.3.${i + 1}`, body: { ...creds, transport: tr } }).then((r) => ({ r, sent, done: Date.now(), mode, tr })); }));
}
const so = sleep(60).then(() => { const sent = Date.now(); return req('DELETE', '/api/sessions', { headers: { ...same, authorization: `Bearer ${s0.json.header_credential}` } }).then((r) => ({ r, sent, done: Date.now() })); });
const [sig, ...res] = await Promise.all([so, ...jobs]);
console.log('sign-out everywhere sent', sig.sent % 100000, 'answered', sig.done % 100000, sig.r.status);
await sleep(1500);
for (const { r, sent, done, mode, tr } of res) {
  if (r.status !== 200) { console.log(mode, tr, 'sign-in', r.status); continue; }
  const jar = cookiesFrom(r);
  const cookie = Object.entries(jar).filter(([k]) => k !== 'authlab_refresh').map(([k, v]) => `${k}=${v}`).join('; ');
  const bearer = r.json.access_token || r.json.header_credential;
  const me = await req('GET', '/api/me', { headers: { ...(cookie ? { cookie } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });
  const createdAt = r.json.session?.createdAt;
  console.log(mode, tr, 'sent', sent % 100000, 'answered', done % 100000, createdAt ? 'createdAt ' + createdAt.slice(17) : '', '-> /api/me', me.status, me.json?.error?.code ?? '', done < sig.done && me.status === 200 ? '  <-- answered BEFORE the sign-out answered, still alive' : '');
}
