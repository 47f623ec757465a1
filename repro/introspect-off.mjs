// With the denylist switched OFF: a revoked token must still introspect active:false, and the lab's damaged-token tool must refuse it.
import { req, same, throwaway } from './lib.mjs';
const alice = await req('POST', '/api/token', { headers: same, body: { username: 'alice', password: 'wonderland' } });
const admin = { authorization: `Bearer ${alice.json.access_token}` };
console.log('denylist off', (await req('PATCH', '/api/settings', { headers: admin, body: { jwtDenylist: false } })).status);
try {
  const t = await throwaway('127.0.0.96');
  const k = await req('POST', '/api/token', { headers: same, body: { username: t.user.username, password: t.password } });
  const tok = k.json.access_token;
  const k2 = await req('POST', '/api/token', { headers: same, body: { username: t.user.username, password: t.password } });
  const tok2 = k2.json.access_token;
  const rv = await req('POST', '/api/token/revoke', { headers: same, body: { token: tok } });
  console.log('revoke one', rv.status, rv.json?.denylisted_jti);
  const i1 = await req('POST', '/api/token/introspect', { headers: same, body: { token: tok } });
  console.log('introspect revoked (denylist off)', i1.json.active, i1.json.error?.code);
  console.log('/api/me with revoked token (denylist off: accepted by design)', (await req('GET', '/api/me', { headers: { authorization: `Bearer ${tok}` } })).status);
  const d1 = await req('POST', '/api/lab/damaged-token', { headers: { ...same, authorization: `Bearer ${tok}` }, body: {} });
  console.log('damaged-token with revoked', d1.status, d1.text.slice(0, 150));
  await new Promise((r) => setTimeout(r, 1100));
  const ev = await req('POST', '/api/token/revoke', { headers: { ...same, authorization: `Bearer ${tok2}` }, body: { everywhere: true } });
  console.log('everywhere', ev.status);
  const i2 = await req('POST', '/api/token/introspect', { headers: same, body: { token: tok2 } });
  console.log('introspect after everywhere (denylist off)', i2.json.active, i2.json.error?.code);
  const d2 = await req('POST', '/api/lab/damaged-token', { headers: { ...same, authorization: `Bearer ${tok2}` }, body: {} });
  console.log('damaged-token after everywhere', d2.status, d2.text.slice(0, 150));
  const at = await req('POST', '/api/lab/attack', { headers: { ...same, authorization: `Bearer ${tok2}` }, body: {} });
  console.log('lab/attack with revoked', at.status, at.text.slice(0, 150));
} finally {
  console.log('denylist on', (await req('PATCH', '/api/settings', { headers: admin, body: { jwtDenylist: true } })).status);
}
