// SESSION_MAX_PER_USER (50) under parallel sign-ins from many addresses: how many sessions stay live?
import { req, same, throwaway } from './lib.mjs';
const N = Number(process.argv[2] || 64);
const t = await throwaway('127.0.0.94');
const creds = { username: t.user.username, password: t.password };
const rs = await Promise.all(Array.from({ length: N }, (_, i) => req('POST', '/api/session/login', { headers: same, from: `127.0.1.${1 + (i % 32)}`, body: { ...creds, transport: 'header' } })));
const ok = rs.filter((r) => r.status === 200);
const m = {}; for (const r of rs) m[r.status] = (m[r.status] || 0) + 1;
console.log('sign-ins', m);
await new Promise((r) => setTimeout(r, 3000));
let live = 0; for (const r of ok) if ((await req('GET', '/api/me', { headers: { authorization: `Bearer ${r.json.header_credential}` } })).status === 200) live++;
const list = await req('GET', '/api/sessions', { headers: { authorization: `Bearer ${ok.at(-1).json.header_credential}` } });
console.log('live sessions', live, '(cap 50); list total', list.json?.total, list.status);
