// Parallel uses of one refresh token: count distinct successors and live chains.
import { req, cookiesFrom, cookieHeader, same, throwaway } from './lib.mjs';
const N = Number(process.argv[2] || 15);
const t = await throwaway();
const login = await req('POST', '/api/token', { headers: same, body: { username: t.user.username, password: t.password } });
console.log('login', login.status, login.setCookies.map((c) => c.split('=')[0]));
const jar = cookiesFrom(login);
const rname = Object.keys(jar).find((k) => k.includes('refresh'));
const res = await Promise.all(Array.from({ length: N }, () => req('POST', '/api/token/refresh', { headers: { ...same, cookie: `${rname}=${jar[rname]}` } })));
const succ = res.map((r) => (cookiesFrom(r)[rname]));
const statuses = {}; res.forEach((r) => (statuses[r.status + (r.json?.error ? ':' + r.json.error.code : '')] = (statuses[r.status] || 0) + 1));
const distinct = [...new Set(succ.filter(Boolean))];
console.log('statuses', statuses, 'distinct successors', distinct.length, 'distinct access', new Set(res.map((r) => r.json?.access_token)).size);
// how many chains are live? try rotating each distinct successor
for (const s of distinct) { const r = await req('POST', '/api/token/refresh', { headers: { ...same, cookie: `${rname}=${s}` } }); console.log('successor rotate', r.status, r.json?.error?.code); }
