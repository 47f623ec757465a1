// Throwaway-user creation limit (60 per address per 10 min) under parallel requests: count 201s exactly.
import { req, same } from './lib.mjs';
const FROM = process.argv[2] || '127.0.0.80', N = Number(process.argv[3] || 75);
const rs = await Promise.all(Array.from({ length: N }, () => req('POST', '/api/lab/throwaway', { headers: same, body: {}, from: FROM })));
const m = {}; for (const r of rs) { const k = r.status + ':' + (r.json?.error?.code || '') + (r.headers['retry-after'] ? ' RA' : ''); m[k] = (m[k] || 0) + 1; }
console.log(N, 'parallel from', FROM, m);
let more = 0; for (let i = 0; i < 5; i++) { const r = await req('POST', '/api/lab/throwaway', { headers: same, body: {}, from: FROM }); if (r.status === 201) more++; else { console.log('then', r.status, r.json?.error?.code); break; } }
console.log('201s total', rs.filter((r) => r.status === 201).length + more);
