// Tampered / foreign / oversized session seals: 401 that clears the cookie, never 500.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const t = await throwaway('127.0.0.111');
const s = await req('POST', '/api/session/login', { headers: same, body: { username: t.user.username, password: t.password } });
const seal = cookiesFrom(s).authlab_session;
console.log('seal prefix', seal.slice(0, 12), 'len', seal.length);
const parts = seal.split('*');
const mod = (i, f) => parts.map((p, j) => (j === i ? f(p) : p)).join('*');
const variants = {
  ok: seal, flipLast: seal.slice(0, -1) + (seal.endsWith('A') ? 'B' : 'A'), truncated: seal.slice(0, -5), doubled: seal + seal, empty: '',
  ...Object.fromEntries(parts.map((_, i) => [`emptyPart${i}`, mod(i, () => '')])),
  wrongVersion: seal.replace('Fe26.2', 'Fe26.1'), sessPrefix: 'sess_' + 'A'.repeat(43), quoted: `"${seal}"`, pct: encodeURIComponent(seal), big: 'Fe26.2*' + 'A'.repeat(3500),
  extraStar: seal + '*', spaces: ` ${seal} `,
};
for (const [k, v] of Object.entries(variants)) {
  const r = await req('GET', '/api/me', { headers: { cookie: `authlab_session=${v}` } });
  console.log(k.padEnd(14), r.status, r.json?.error?.code ?? '', r.setCookies.map((c) => c.split(';')[0].slice(0, 20) + (/max-age=0/i.test(c) ? ' CLEARED' : '')).join(' '));
}
