// CSP on every rendered response; HSTS/COOP never from spoofed headers.
import { req } from './lib.mjs';
import { raw } from './raw.mjs';
const paths = ['/', '/nope', '/api/../nope', '/console', '/learn', '/attacks', '/learn?_rsc=abc', '/_next/nope', '/.well-known/nope', '/favicon.ico', '/%2e%2e/nope', '/_not-found', '/_error', '/500', '/404', '/api', '/x/y/z?a=<script>', '/login?next=//evil.com', '/.well-known/jwks.json'];
for (const p of paths) {
  for (const extra of [{}, { rsc: '1' }, { rsc: '1', 'next-router-prefetch': '1' }, { 'next-router-state-tree': '%5B%22%22%5D', rsc: '1' }]) {
    const r = await req('GET', p, { headers: extra });
    const ct = r.headers['content-type'] || '';
    const csp = r.headers['content-security-policy'];
    const rendered = /html|x-component/.test(ct);
    if (rendered && !csp) console.log('NO CSP', p, JSON.stringify(extra), r.status, ct);
    if (!p.startsWith('/api') && r.status >= 500) console.log('5xx', p, JSON.stringify(extra), r.status);
  }
}
const spoof = { 'x-forwarded-proto': 'https', 'x-forwarded-ssl': 'on', 'front-end-https': 'on', forwarded: 'proto=https', 'x-url-scheme': 'https', 'x-forwarded-port': '443', 'x-forwarded-scheme': 'https' };
for (const p of ['/', '/api/health', '/api/me', '/nope']) {
  const r = await req('GET', p, { headers: spoof });
  console.log('spoofed https', p, r.status, 'HSTS', r.headers['strict-transport-security'] ?? '-', 'COOP', r.headers['cross-origin-opener-policy'] ?? '-');
}
// does spoofed proto change cookie names / Secure or CSRF's idea of our origin?
const l = await req('POST', '/api/session/login', { headers: { ...spoof, origin: 'https://127.0.0.1:3610' }, body: { username: 'bob', password: 'builder' } });
console.log('login with spoofed https + https Origin', l.status, l.json?.error?.code, l.setCookies.map((c) => c.slice(0, 40)));
const r = await raw(`GET / HTTP/1.1\nHost: 127.0.0.1:3610\nX-Forwarded-Proto: https\nX-Forwarded-Proto: https\nConnection: close\n\n`);
console.log('two XFP headers', r.status, /strict-transport/i.test(r.text));
