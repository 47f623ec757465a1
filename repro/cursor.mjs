// GET /api/sessions paging inputs: never a 5xx.
import { req, same, throwaway } from './lib.mjs';
const t = await throwaway('127.0.0.103');
const s = await req('POST', '/api/session/login', { headers: same, body: { username: t.user.username, password: t.password, transport: 'header' } });
const b = { authorization: `Bearer ${s.json.header_credential}` };
for (const q of ['cursor=x', 'cursor=' + 'A'.repeat(5000), 'cursor=%00', 'cursor=eyJ9', 'cursor=' + Buffer.from('{"score":1e999,"member":"x"}').toString('base64url'), 'cursor=' + Buffer.from('{"s":-1,"m":""}').toString('base64url'), 'cursor=' + Buffer.from('[1,2]').toString('base64url'), 'cursor=' + Buffer.from('null').toString('base64url'), 'cursor=' + Buffer.from('1').toString('base64url'), 'cursor=' + Buffer.from('"x"').toString('base64url'), 'cursor=' + Buffer.from('{"createdAt":"x","id":{}}').toString('base64url'), 'limit=0', 'limit=-1', 'limit=1e2', 'limit=99999', 'limit=%20', 'limit=1&limit=2', 'cursor=a&cursor=b', 'cursor=%E0%A4%A']) {
  const r = await req('GET', '/api/sessions?' + q, { headers: b });
  console.log(q.slice(0, 60), r.status, r.json?.error?.code ?? (r.json ? 'ok' : r.text.slice(0, 60)));
}
