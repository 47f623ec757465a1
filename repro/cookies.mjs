// >100 cookies / >8 KiB -> 431 fast; duplicate app cookies -> 400 duplicate_cookie.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
import { raw } from './raw.mjs';
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
const many = Array.from({ length: 1800 }, (_, i) => `c${i}=v`).join('; ');
const t1 = [], t2 = [], t3 = [];
for (let i = 0; i < 9; i++) {
  const [a, b] = await Promise.all([req('GET', '/api/health', { headers: { cookie: many } }), req('GET', '/api/health')]);
  t1.push(a.ms); t2.push(b.ms);
  if (i === 0) console.log('1800 cookies', a.status, a.text.slice(0, 100));
  t3.push((await req('GET', '/api/health')).ms);
}
console.log('median ms: 1800 cookies', med(t1).toFixed(1), 'beside it', med(t2).toFixed(1), 'alone', med(t3).toFixed(1));
for (const [name, c] of Object.entries({ '101 cookies': Array.from({ length: 101 }, (_, i) => `c${i}=v`).join('; '), '100 cookies': Array.from({ length: 100 }, (_, i) => `c${i}=v`).join('; '), '8193B': 'a=' + 'x'.repeat(8191), '8192B': 'a=' + 'x'.repeat(8190), '100 empty ;': ';'.repeat(5000), 'sep-less 9k': 'x'.repeat(9000) })) {
  for (const path of ['/api/health', '/', '/_next/static/x.js', '/.well-known/jwks.json']) { const r = await req('GET', path, { headers: { cookie: c } }); console.log(name, path, r.status, r.json?.error?.code || ''); }
}
// two Cookie headers (raw)
const big = 'a=' + 'x'.repeat(6000);
const r2 = await raw(`GET /api/health HTTP/1.1\nHost: 127.0.0.1:3610\nCookie: ${big}\nCookie: ${big}\nConnection: close\n\n`);
console.log('two Cookie headers of 6 KB each (12 KB total)', r2.status, r2.text.split('\r\n\r\n')[1]?.slice(0, 100));
const r3 = await raw(`GET /api/health HTTP/1.1\nHost: 127.0.0.1:3610\n${Array.from({ length: 60 }, (_, i) => `Cookie: a${i}=1; b${i}=2`).join('\n')}\nConnection: close\n\n`);
console.log('60 Cookie headers x 2 cookies (120 total)', r3.status, r3.text.split('\r\n\r\n')[1]?.slice(0, 100));
// duplicates
const t = await throwaway('127.0.0.52');
const s = await req('POST', '/api/session/login', { headers: same, body: { username: t.user.username, password: t.password } });
const sc = cookiesFrom(s).authlab_session;
const d = {
  same: `authlab_session=${sc}; authlab_session=${sc}`, hostPrefixed: `authlab_session=${sc}; __Host-authlab_session=${sc}`, hostOnlyTwice: `__Host-authlab_session=x; __Host-authlab_session=${sc}`,
  upperCase: `authlab_session=${sc}; AUTHLAB_SESSION=x`, spaced: `authlab_session=${sc}; authlab_session =x`, spacedLead: `authlab_session=${sc};  authlab_session=x`, tabbed: `authlab_session=${sc};\tauthlab_session=x`,
  secureRefresh: `authlab_refresh=a; __Secure-authlab_refresh=b`, access: `authlab_access=a; authlab_access=b`, sig: `authlab_access_sig=a; __Host-authlab_access_sig=b`,
  pct: `authlab_session=${sc}; authlab%5Fsession=x`, emptyDup: `authlab_session=${sc}; authlab_session=`, noEq: `authlab_session=${sc}; authlab_session`, quoted: `authlab_session=${sc}; "authlab_session"=x`,
  lowerHostPrefix: `authlab_session=${sc}; __host-authlab_session=x`,
};
for (const [name, c] of Object.entries(d)) { const r = await req('GET', '/api/me', { headers: { cookie: c } }); const r2 = await req('GET', '/', { headers: { cookie: c } }); console.log('dup', name, '/api/me', r.status, r.json?.error?.code, '| /', r2.status); }
const rr = await raw(`GET /api/me HTTP/1.1\nHost: 127.0.0.1:3610\nCookie: authlab_session=${sc}\nCookie: authlab_session=x\nConnection: close\n\n`);
console.log('dup across two Cookie headers', rr.status, rr.text.split('\r\n\r\n')[1]?.slice(0, 80));
