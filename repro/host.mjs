// Host outside ALLOWED_HOSTS must be 421 on every route; odd spellings.
import { raw } from './raw.mjs';
const paths = ['/', '/api/health', '/api/me', '/api/nope', '/nope', '/.well-known/jwks.json', '/.well-known/nope', '/_next/nope', '/_next/static/nope.js', '/_next/image?url=%2Ffavicon.ico&w=64&q=75', '/favicon.ico', '/console', '/learn?_rsc=1', '/.well-known/bench-untouched', '/api/bench/passthrough', '/robots.txt', '/_next/data/x/index.json'];
const hosts = ['evil.com', 'localhost.evil.com', 'EVIL.com.', '127.0.0.1.evil.com', '127.0.0.1:3610@evil.com', 'evil.com:3610', '[::2]', '[::1]', '[::ffff:7f00:1]', '[0:0:0:0:0:0:0:1]', '0x7f000001', '2130706433', '127.1', '017700000001', 'localhost.', 'LOCALHOST', 'localhost:99999', 'localhost:abc', 'local\thost', '', 'a b', '127.0.0.1:3610.', '[::1]x', '127.0.0.1 evil.com', 'xn--localhost', '127.0.0.1\\@evil.com', 'loc%61lhost', '127.000.000.001', '0.0.0.0'];
const res = {};
for (const h of hosts) {
  const r = await raw(`GET /api/health HTTP/1.1\nHost: ${h}\nConnection: close\n\n`);
  res[JSON.stringify(h)] = r.status;
}
console.log('Host spellings on /api/health:', res);
const byPath = {};
for (const p of paths) { const r = await raw(`GET ${p} HTTP/1.1\nHost: evil.com\nConnection: close\n\n`); byPath[p] = r.status; }
console.log('evil.com per path:', byPath);
const odd = {
  'no Host': `GET /api/health HTTP/1.1\nConnection: close\n\n`,
  'HTTP/1.0 no Host': `GET /api/health HTTP/1.0\n\n`,
  'absolute-form evil': `GET http://evil.com/api/health HTTP/1.1\nHost: 127.0.0.1:3610\nConnection: close\n\n`,
  'absolute-form good, Host evil': `GET http://127.0.0.1:3610/api/health HTTP/1.1\nHost: evil.com\nConnection: close\n\n`,
  'duplicate Host': `GET /api/health HTTP/1.1\nHost: 127.0.0.1:3610\nHost: evil.com\nConnection: close\n\n`,
  'X-Forwarded-Host evil': `GET /api/health HTTP/1.1\nHost: 127.0.0.1:3610\nX-Forwarded-Host: evil.com\nConnection: close\n\n`,
  'X-Forwarded-Host evil on page': `GET / HTTP/1.1\nHost: 127.0.0.1:3610\nX-Forwarded-Host: evil.com\nConnection: close\n\n`,
  'Forwarded host=evil': `GET / HTTP/1.1\nHost: 127.0.0.1:3610\nForwarded: host=evil.com\nConnection: close\n\n`,
  'OPTIONS * evil': `OPTIONS * HTTP/1.1\nHost: evil.com\nConnection: close\n\n`,
  'HEAD / evil': `HEAD / HTTP/1.1\nHost: evil.com\nConnection: close\n\n`,
};
for (const [k, v] of Object.entries(odd)) { const r = await raw(v); console.log(k, r.status, (r.text.split('\r\n\r\n')[1] || '').slice(0, 120)); }
