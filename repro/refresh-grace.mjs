// After the grace, reuse ends the whole family (newest token too); a stale refresh token can't sign out everywhere.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t = await throwaway('127.0.0.70');
const creds = { username: t.user.username, password: t.password };
const rf = (tok, extra = {}) => req('POST', '/api/token/refresh', { headers: { ...same, cookie: `authlab_refresh=${tok}`, ...extra } });
// A: reuse after grace
let l = await req('POST', '/api/token', { headers: same, body: creds });
const r0 = cookiesFrom(l).authlab_refresh;
const a1 = await rf(r0); const r1 = cookiesFrom(a1).authlab_refresh;
const a2 = await rf(r1); const r2 = cookiesFrom(a2).authlab_refresh;
const within = await rf(r0); console.log('r0 again within grace', within.status, 'successor == r1?', cookiesFrom(within).authlab_refresh === r1);
await sleep(10500);
const late = await rf(r0); console.log('r0 after grace', late.status, late.json?.error?.code);
const newest = await rf(r2); console.log('newest r2 after theft signal', newest.status, newest.json?.error?.code);
// B: stale refresh + everywhere
l = await req('POST', '/api/token', { headers: same, body: creds });
const s0 = cookiesFrom(l).authlab_refresh; const b1 = await rf(s0); const s1 = cookiesFrom(b1).authlab_refresh;
const other = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: 'header' } });
const ev = await req('POST', '/api/token/revoke', { headers: { ...same, cookie: `authlab_refresh=${s0}` }, body: { everywhere: true } });
console.log('stale refresh + everywhere', ev.status, ev.json?.error?.code);
const stillSession = await req('GET', '/api/me', { headers: { authorization: `Bearer ${other.json.header_credential}` } });
console.log('other session still alive', stillSession.status, '; s1 after', (await rf(s1)).status);
// C: stale refresh + everywhere + a garbage/expired/foreign token in the body
l = await req('POST', '/api/token', { headers: same, body: creds });
const c0 = cookiesFrom(l).authlab_refresh; const c1r = await rf(c0);
for (const token of ['x', 'a.b.c']) { const e = await req('POST', '/api/token/revoke', { headers: { ...same, cookie: `authlab_refresh=${c0}` }, body: { everywhere: true, token } }); console.log('stale + everywhere + token', token, e.status, e.json?.error?.code); }
// D: stale refresh cookie + the user's *old but still valid* access token from the stale step (what a thief who copied both holds)
l = await req('POST', '/api/token', { headers: same, body: creds });
const d0 = cookiesFrom(l).authlab_refresh; const oldAccess = l.json.access_token; await rf(d0);
const victimSession = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: 'header' } });
const e = await req('POST', '/api/token/revoke', { headers: { ...same, cookie: `authlab_refresh=${d0}` }, body: { everywhere: true, token: oldAccess } });
console.log('stale refresh + old (pre-rotation) access token in body + everywhere', e.status, e.text.slice(0, 120));
console.log('victim session after', (await req('GET', '/api/me', { headers: { authorization: `Bearer ${victimSession.json.header_credential}` } })).status);
