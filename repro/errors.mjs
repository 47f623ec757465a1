// Error hygiene: every bad input under /api is JSON {"error":{code,message}} with the right status; no 5xx, no HTML, no hang.
import { req, same } from './lib.mjs';
import { raw } from './raw.mjs';
const bad = [];
const isErr = (r) => r.json && r.json.error && typeof r.json.error.code === 'string' && typeof r.json.error.message === 'string';
async function t(label, method, path, opts = {}, want) {
  let r;
  try { r = await req(method, path, { ...opts, timeout: 15000 }); } catch (e) { bad.push(`${label}: ${e.message}`); return; }
  const ok = r.status < 500 && (method === 'HEAD' || r.status < 400 || isErr(r)) && !/at .*\(|node_modules/.test(r.text);
  if (!ok || (want && r.status !== want)) bad.push(`${label}: ${method} ${path.slice(0, 60)} -> ${r.status} ${r.headers['content-type']} ${r.text.slice(0, 100)}`);
  return r;
}
const posts = ['/api/session/login', '/api/token', '/api/token/refresh', '/api/token/revoke', '/api/token/introspect', '/api/session/logout', '/api/session/exchange', '/api/lab/attack', '/api/lab/damaged-token', '/api/lab/cookies', '/api/keys/cost', '/api/session/inspect'];
const bodies = { malformed: '{"username":', notObject: '[1,2]', nul: 'null', str: '"x"', num: '1e999', deep: '['.repeat(5000) + ']'.repeat(5000), proto: '{"__proto__":{"x":1},"username":"a","password":"b"}', bigNum: '{"username":1,"password":{}}', empty: '', bom: '\ufeff{"username":"a","password":"b"}', utf16: Buffer.from('{"a":1}', 'utf16le').toString('latin1') };
for (const p of posts) {
  for (const [k, b] of Object.entries(bodies)) await t(`${k}`, 'POST', p, { headers: same, body: b });
  await t('textplain', 'POST', p, { headers: { ...same, 'content-type': 'text/plain' }, body: '{"username":"alice","password":"x"}' });
  await t('form', 'POST', p, { headers: { ...same, 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=alice&password=x' });
  await t('multipart', 'POST', p, { headers: { ...same, 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' });
  await t('ct-charset-weird', 'POST', p, { headers: { ...same, 'content-type': 'application/json; charset=utf-7' }, body: '{}' });
  await t('huge 5MB', 'POST', p, { headers: same, body: '{"username":"' + 'a'.repeat(5_000_000) + '"}' });
}
for (const m of ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'FOO', 'get', 'HEAD']) for (const p of ['/api/me', '/api/health', '/api/token', '/api/nope', '/api/sessions']) await t('method', m, p, { headers: same });
for (const p of ['/api/%2e%2e/api/me', '/api/me%2F', '/api/%6de', '/api/me/', '/api//me', '/api/me;x', '/api/me%00', '/api/sessions/%2e%2e', '/api/sessions/%252e', '/api/sessions/' + 'a'.repeat(5000), '/api/%E0%A4%A', '/api/%C0%AF', '/api/me?%ff', '/api/sessions/%00', '/api/\u00e9', '/api/me#x', '/API/me', '/api/Me', '/api/me/..', '/api/session/../me', '/api/.well-known/../me']) {
  await t('path', 'GET', p, {});
  await t('path-del', 'DELETE', p, { headers: same });
}
// unicode usernames
for (const u of ['ａｌｉｃｅ', 'ALICE', 'alice\u0000', 'alıce', 'ℌ', 'a'.repeat(10000), '\ud800', 'alice\u200b', 'al\u0069\u0307ce']) {
  const r = await t('unicode-user', 'POST', '/api/token', { headers: same, from: '127.0.0.60', body: { username: u, password: 'wrongpass' } });
  if (r) console.log('user', JSON.stringify(u).slice(0, 30), r.status, r.json?.error?.code);
}
// long headers
for (const n of [8000, 16000, 40000, 100000]) { const r = await raw(`GET /api/health HTTP/1.1\nHost: 127.0.0.1:3610\nX-Long: ${'a'.repeat(n)}\nConnection: close\n\n`); console.log('long header', n, r.status, (r.text.split('\r\n\r\n')[1] || '').slice(0, 60)); }
{ const r = await raw(`GET /api/health HTTP/1.1\nHost: 127.0.0.1:3610\nAuthorization: Bearer ${'a'.repeat(60000)}\nConnection: close\n\n`); console.log('long auth 60k', r.status); }
{ const r = await raw(`GET /api/me HTTP/1.1\nHost: 127.0.0.1:3610\nAuthorization: Bearer ${'a.'.repeat(3000)}a\nConnection: close\n\n`); console.log('auth many dots', r.status, (r.text.split('\r\n\r\n')[1] || '').slice(0, 80)); }
{ const r = await raw(`POST /api/token HTTP/1.1\nHost: 127.0.0.1:3610\nContent-Type: application/json\nContent-Length: 100\nConnection: close\n\n{"a":1}`, { timeout: 20000 }); console.log('short body (CL 100, 7 sent)', r.status, Math.round(r.ms || 0), 'ms'); }
{ const r = await raw(`POST /api/token HTTP/1.1\nHost: 127.0.0.1:3610\nContent-Type: application/json\nTransfer-Encoding: chunked\nContent-Length: 5\nConnection: close\n\n0\n\n`); console.log('TE+CL', r.status, (r.text.split('\r\n\r\n')[1] || '').slice(0, 80)); }
console.log('problems', bad.length); for (const b of bad) console.log(' ', b);
