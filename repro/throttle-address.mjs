// Address limit (LOGIN_MAX_ATTEMPTS_PER_ADDRESS=50): are queue refusals (429, Retry-After: 1, "nothing counted") counted?
import { req, same } from './lib.mjs';
const FROM = process.argv[2] || '127.0.0.42', P = Number(process.argv[3] || 20);
const count = (rs) => rs.reduce((m, r) => { const k = r.status + ':' + (r.json?.error?.code || '') + '(RA ' + r.headers['retry-after'] + ')'; m[k] = (m[k] || 0) + 1; return m; }, {});
const guess = () => req('POST', '/api/session/login', { headers: same, from: FROM, body: { username: `nobody-${Math.random()}`, password: 'x' } });
const burst = await Promise.all(Array.from({ length: P }, guess));
console.log('burst of', P, count(burst));
const rb = burst.find((r) => r.headers['retry-after'] === '1'); if (rb) console.log('queue refusal body:', rb.text);
let seq = 0, last;
for (let i = 0; i < 60; i++) { last = await guess(); if (last.status === 401) seq++; else break; }
const total = burst.filter((r) => r.status === 401).length + seq;
console.log('sequential 401s after burst', seq, 'then', last.status, last.headers['retry-after'], '| total 401s', total, '(limit 50)');
