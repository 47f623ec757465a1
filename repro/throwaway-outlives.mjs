// A throwaway user's credentials are to end with the user ("nothing it signs in with outlives it").
// Rotate its refresh token shortly before the user ends: does the new access token outlive the user?
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const WAIT = Number(process.argv[2] || 585);
const t = await throwaway('127.0.0.90');
const end = Date.parse(t.expiresAt);
const l = await req('POST', '/api/token', { headers: same, body: { username: t.user.username, password: t.password } });
const exp0 = JSON.parse(Buffer.from(l.json.access_token.split('.')[1], 'base64url')).exp;
console.log('user ends', t.expiresAt, '; sign-in access exp', new Date(exp0 * 1000).toISOString());
await sleep(end - Date.now() - (600 - WAIT) * 1000);
const r = await req('POST', '/api/token/refresh', { headers: { ...same, cookie: `authlab_refresh=${cookiesFrom(l).authlab_refresh}` } });
const tok = r.json?.access_token;
const exp = tok && JSON.parse(Buffer.from(tok.split('.')[1], 'base64url')).exp;
console.log('refresh at', new Date().toISOString(), r.status, 'new access exp', exp && new Date(exp * 1000).toISOString(), 'expires_in', r.json?.expires_in);
await sleep(end - Date.now() + 20000);
const me = await req('GET', '/api/me', { headers: { authorization: `Bearer ${tok}` } });
console.log('20 s after the user ended', new Date().toISOString(), '/api/me', me.status, me.text.slice(0, 160));
const login = await req('POST', '/api/token', { headers: same, body: { username: t.user.username, password: t.password } });
console.log('the user itself', login.status, login.json?.error?.code);
