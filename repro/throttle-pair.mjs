// 30 parallel wrong guesses at one account from one address: SECURITY.md says exactly LOGIN_MAX_ATTEMPTS (5) 401s, the rest 429.
import { req, same, throwaway } from './lib.mjs';
const N = Number(process.argv[2] || 30), FROM = process.argv[3] || '127.0.0.41';
const count = (rs) => rs.reduce((m, r) => { const k = r.status + ':' + (r.json?.error?.code || '') + (r.headers['retry-after'] ? '(RA ' + r.headers['retry-after'] + ')' : ''); m[k] = (m[k] || 0) + 1; return m; }, {});
const t = await throwaway('127.0.0.40');
const rs = await Promise.all(Array.from({ length: N }, () => req('POST', '/api/session/login', { headers: same, from: FROM, body: { username: t.user.username, password: 'wrong' } })));
console.log(N, 'parallel from', FROM, count(rs));
for (const r of rs) if (r.status === 503) { console.log('503 body', r.text, 'ms', Math.round(r.ms)); break; }
console.log('times ms', rs.map((r) => Math.round(r.ms)).sort((a, b) => a - b).join(','));
// sequential guesses after the burst: how many more 401 before 429?
let more = 0; for (let i = 0; i < 8; i++) { const r = await req('POST', '/api/session/login', { headers: same, from: FROM, body: { username: t.user.username, password: 'wrong' } }); if (r.status === 401) more++; else { console.log('sequential guess', i + 1, '->', r.status, r.json?.error?.code, r.headers['retry-after']); break; } }
console.log('401s total', rs.filter((r) => r.status === 401).length + more);
