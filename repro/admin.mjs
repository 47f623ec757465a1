// Sign alice in (header transport JWT) and set the denylist switch: node admin.mjs on|off
import { req, same } from './lib.mjs';
const l = await req('POST', '/api/token', { headers: same, body: { username: 'alice', password: 'wonderland', transport: 'header' } });
const r = await req('PATCH', '/api/settings', { headers: { authorization: `Bearer ${l.json.access_token}` }, body: { jwtDenylist: process.argv[2] !== 'off' } });
console.log(r.status, r.text);
