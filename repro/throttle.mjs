// Parallel wrong guesses: count outcomes per limit; then the real user signs in from another address.
import { req, same, throwaway } from './lib.mjs';
const count = (rs) => rs.reduce((m, r) => { const k = r.status + ':' + (r.json?.error?.code || '') + (r.headers['retry-after'] ? '(RA ' + r.headers['retry-after'] + ')' : ''); m[k] = (m[k] || 0) + 1; return m; }, {});
const t = await throwaway('127.0.0.30');
const u = t.user.username;
// 1) pair limit: 30 parallel wrong guesses from one address at one account
let rs = await Promise.all(Array.from({ length: 30 }, () => req('POST', '/api/session/login', { headers: same, from: '127.0.0.31', body: { username: u, password: 'wrong' } })));
console.log('pair, 30 parallel from .31:', count(rs));
// the real user from another address
let ok = await req('POST', '/api/session/login', { headers: same, from: '127.0.0.32', body: { username: u, password: t.password } });
console.log('real user from .32:', ok.status);
// IPv4-mapped spelling of .31 (connect over IPv6 to ::ffff:127.0.0.31 is not possible; instead other spellings need a proxy) -> skip
// 2) address limit: 70 guesses from one address over distinct unknown accounts, in waves of 10 (admission queue)
const wave = async (n, from, name) => Promise.all(Array.from({ length: n }, (_, i) => req('POST', '/api/session/login', { headers: same, from, body: { username: name(i), password: 'x' } })));
let all = [];
for (let w = 0; w < 7; w++) all.push(...(await wave(10, '127.0.0.33', (i) => `nobody-${w}-${i}-${Math.random()}`)));
console.log('address, 70 guesses from .33 in waves of 10 parallel:', count(all));
// 3) same but all 70 at once
all = await wave(70, '127.0.0.34', (i) => `nobody-${i}-${Math.random()}`);
console.log('address, 70 at once from .34:', count(all));
