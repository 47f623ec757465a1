// With a foreign Host, Next's path-normalizing redirects (trailing slash, double slash, backslash) answer 308 before the
// middleware's 421: which paths?
import { raw } from './raw.mjs';
const paths = ['/console/', '/api/health/', '/api/me/', '/api/me//', '/api//me', '/console//', '/\\api\\me', '/\\\\evil.com', '/.well-known/jwks.json/', '/learn/.', '/learn/./', '/_next/static\\..\\..\\console', '/_next//static/x', '/_next/static/x/..', '/.well-known/bench-untouched/', '/_next/static/..\\..\\api/me', '/x/'];
for (const p of paths) for (const host of ['evil.com', '127.0.0.1:3610']) {
  const r = await raw(`GET ${p} HTTP/1.1\nHost: ${host}\nConnection: close\n\n`);
  const loc = /\nlocation: ([^\r]*)/i.exec(r.text)?.[1];
  console.log(p.padEnd(34), host.padEnd(15), r.status, loc ? 'Location: ' + loc : '');
}
