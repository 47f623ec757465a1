// API.md: "Every authenticated response carries a Server-Timing header with an auth metric".
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const t = await throwaway('127.0.0.102');
const creds = { username: t.user.username, password: t.password };
const out = [];
for (const tr of ['cookie', 'header', 'both']) {
  const mk = async () => { const s = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: tr } }); const j = cookiesFrom(s); return { ...(j.authlab_session ? { cookie: `authlab_session=${j.authlab_session}` } : {}), ...(s.json.header_credential ? { authorization: `Bearer ${s.json.header_credential}` } : {}), id: s.json.session.id }; };
  let h = await mk();
  const { id, ...hh } = h;
  const other = await mk();
  for (const [m, p] of [['GET', '/api/sessions'], ['GET', '/api/session'], ['GET', '/api/session/inspect'], ['DELETE', `/api/sessions/${other.id}`], ['POST', '/api/session/exchange'], ['POST', '/api/session/logout']]) {
    const r = await req(m, p, { headers: { ...hh, ...same } });
    out.push(`${tr.padEnd(6)} ${m} ${p.replace(other.id, '{id}')} ${r.status} ${/auth;/.test(r.headers['server-timing'] || '') ? 'ok' : 'NO auth metric'}`);
  }
  const all = await mk(); const { id: _i, ...ah } = all;
  const r = await req('DELETE', '/api/sessions', { headers: { ...ah, ...same } });
  out.push(`${tr.padEnd(6)} DELETE /api/sessions ${r.status} ${/auth;/.test(r.headers['server-timing'] || '') ? 'ok' : 'NO auth metric'}`);
}
for (const tr of ['cookie', 'header', 'both']) {
  const k = await req('POST', '/api/token', { headers: same, body: { ...creds, transport: tr } });
  const j = cookiesFrom(k);
  const cookie = Object.entries(j).map(([a, b]) => `${a}=${b}`).join('; ');
  const bearer = k.json.access_token || k.json.header_credential;
  for (const [m, p, b] of [['POST', '/api/token/refresh'], ['GET', '/api/sessions'], ['POST', '/api/token/revoke', {}]]) {
    const r = await req(m, p, { headers: { ...same, cookie, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: b });
    out.push(`jwt-${tr.padEnd(6)} ${m} ${p} ${r.status} ${/auth;/.test(r.headers['server-timing'] || '') ? 'ok' : 'NO auth metric'} ${r.json?.error?.code ?? ''}`);
  }
}
console.log(out.join('\n'));
