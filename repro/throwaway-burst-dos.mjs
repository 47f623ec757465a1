// A burst of unauthenticated POST /api/lab/throwaway from one address: does it make the store "unavailable" for other users?
import { req, same, throwaway } from './lib.mjs';
const FROM = process.argv[2] || '127.0.0.81', N = Number(process.argv[3] || 75);
const t = await throwaway('127.0.0.82');
const s = await req('POST', '/api/session/login', { headers: same, from: '127.0.0.82', body: { username: t.user.username, password: t.password, transport: 'header' } });
const bearer = { authorization: `Bearer ${s.json.header_credential}` };
console.log('victim session before', (await req('GET', '/api/me', { headers: bearer, from: '127.0.0.83' })).status);
const burst = Promise.all(Array.from({ length: N }, () => req('POST', '/api/lab/throwaway', { headers: same, body: {}, from: FROM })));
const probes = [];
const t0 = Date.now();
while (Date.now() - t0 < 4000) { const r = await req('GET', '/api/me', { headers: bearer, from: '127.0.0.83' }); probes.push(`${r.status}${r.json?.error ? ':' + r.json.error.code : ''}@${Math.round(r.ms)}ms`); }
const rs = await burst;
const m = {}; for (const r of rs) { const k = r.status + ':' + (r.json?.error?.code || ''); m[k] = (m[k] || 0) + 1; }
console.log('burst', m);
console.log('victim probes during burst', probes.join(' '));
const login = await req('POST', '/api/session/login', { headers: same, from: '127.0.0.84', body: { username: t.user.username, password: t.password } });
console.log('victim login right after', login.status);
