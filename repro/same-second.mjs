// F6: a JWT sign-in finishing in the same second as a sign-out everywhere gets a token that is dead on arrival.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const t = await throwaway('127.0.0.98');
const creds = { username: t.user.username, password: t.password };
let dead = 0, n = 0;
for (let i = 0; i < 4; i++) {
  const k = await req('POST', '/api/token', { headers: same, body: creds });
  const ev = await req('POST', '/api/token/revoke', { headers: { ...same, authorization: `Bearer ${k.json.access_token}` }, body: { everywhere: true } });
  const k2 = await req('POST', '/api/token', { headers: same, body: creds });
  const me = await req('GET', '/api/me', { headers: { authorization: `Bearer ${k2.json.access_token}` } });
  const rf = await req('POST', '/api/token/refresh', { headers: { ...same, cookie: `authlab_refresh=${cookiesFrom(k2).authlab_refresh}` } });
  const me2 = await req('GET', '/api/me', { headers: { authorization: `Bearer ${rf.json?.access_token}` } });
  n++; if (me.status !== 200) dead++;
  console.log('everywhere', ev.status, '-> new sign-in', k2.status, '/api/me', me.status, me.json?.error?.message ?? '', '| after refresh', rf.status, me2.status);
  await new Promise((r) => setTimeout(r, 1200));
}
console.log(`${dead}/${n} fresh sign-ins dead on arrival`);
