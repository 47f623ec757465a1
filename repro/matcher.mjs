// Paths that might match the middleware's exclusion (_next/static/, .well-known/bench-untouched) yet reach a route or page.
import { raw } from './raw.mjs';
const paths = ['/_next/static/../../api/health', '/_next/static/%2e%2e/%2e%2e/api/health', '/_next/static/..%2f..%2fapi/health', '/_next/static%2f..%2f..%2fapi/health', '/_next/static/x/..', '/_next/static/', '/_next/static', '/_next//static/x', '/_next/static/chunks/../../../', '/.well-known/bench-untouched', '/.well-known/bench-untouched/', '/.well-known/bench-untouched?x=1', '/.well-known/bench-untouched%2f..%2f..%2fapi/health', '/.well-known/bench-untouched/..', '/%2e%2e/api/health', '/api/../_next/static/x', '/_next/static/..;/api/health', '/_next/static/%2E%2E/%2E%2E/', '/_NEXT/static/x', '/_next/%73tatic/x', '/_next/static\\..\\..\\api\\health'];
for (const p of paths) {
  const r = await raw(`GET ${p} HTTP/1.1\nHost: evil.com\nConnection: close\n\n`);
  const body = (r.text.split('\r\n\r\n').slice(1).join('')).replace(/\s+/g, ' ').slice(0, 70);
  console.log(p.padEnd(52), r.status, /content-security-policy/i.test(r.text) ? 'CSP' : '-', body);
}
