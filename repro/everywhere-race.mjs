// Sign out everywhere racing refreshes, exchanges and sign-ins of the same user: does any credential survive?
// Credentials derived from pre-existing ones (a rotated refresh family, an exchanged session) must all die.
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
const ROUNDS = Number(process.argv[2] || 5), K = Number(process.argv[3] || 12), SPREAD = Number(process.argv[4] || 7), SO_AT = Number(process.argv[5] || 40), AIM = Number(process.argv[6] || 900), AIMW = Number(process.argv[7] || 90);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let survivors = 0;
for (let round = 0; round < ROUNDS; round++) {
  const t = await throwaway(`127.0.${10 + Math.floor(round / 50)}.${1 + (round % 50)}`);
  const creds = { username: t.user.username, password: t.password };
  const fams = [];
  for (let i = 0; i < K; i++) fams.push(cookiesFrom(await req('POST', '/api/token', { headers: same, body: creds })).authlab_refresh);
  const sess = [];
  const EX = Number(process.env.EX || 3);
  for (let i = 0; i <= EX; i++) sess.push((await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: 'header' } })).json.header_credential);
  // wait until ~x.930 s so the work straddles a second boundary
  const extra = process.env.VIA === 'revoke' ? (await req('POST', '/api/token', { headers: same, body: { ...creds, transport: 'header' } })).json.access_token : undefined;
  const aim = AIM + Math.floor(Math.random() * AIMW); const now = Date.now(); await sleep(((aim - (now % 1000)) + 1000) % 1000);
  const got = [];
  const jobs = [];
  const signout = sleep(SO_AT).then(() => { const sent = Date.now(); return (process.env.VIA === 'revoke' ? req('POST', '/api/token/revoke', { headers: { ...same, authorization: `Bearer ${extra}` }, body: { everywhere: true } }) : req('DELETE', '/api/sessions', { headers: { ...same, authorization: `Bearer ${sess[0]}` } })).then((r) => ({ kind: 'signout', r, sent, at: Date.now() })); });
  for (let i = 0; i < K; i++) jobs.push(sleep(i * SPREAD).then(() => { const sent = Date.now(); return req('POST', '/api/token/refresh', { headers: { ...same, cookie: `authlab_refresh=${fams[i]}` } }).then((r) => ({ kind: 'refresh', r, sent, done: Date.now() })); }));
  for (let i = 1; i <= EX; i++) jobs.push(sleep(SO_AT - 2 * SPREAD + i * SPREAD).then(() => { const sent = Date.now(); return req('POST', '/api/session/exchange', { headers: { ...same, authorization: `Bearer ${sess[i]}` } }).then((r) => ({ kind: 'exchange', r, sent, done: Date.now() })); }));
  const all = await Promise.all([signout, ...jobs]);
  const so = all[0];
  await sleep(300);
  const summary = [];
  for (const { kind, r, sent, done } of all.slice(1)) {
    if (r.status !== 200) { summary.push(`${kind}:${r.status}`); continue; }
    const tok = r.json.access_token;
    const path = kind === 'exchange' ? '/api/internal/report' : '/api/me';
    const check = await req('GET', path, { headers: { authorization: `Bearer ${tok}` } });
    const iat = JSON.parse(Buffer.from(tok.split('.')[1], 'base64url')).iat;
    summary.push(`${kind}:200->${check.status}(iat ${iat})`);
    if (check.status === 200) { survivors++; console.log(`SURVIVOR round ${round} ${kind}: request sent ${sent - so.sent} ms after the sign-out was sent, answered ${done - so.at} ms after the sign-out was answered; sign-out answered at ${new Date(so.at).toISOString()}, token iat ${iat}; /api/me 300 ms later: ${check.status}; token ${tok}`); }
    if (kind === 'refresh') { const rr = await req('POST', '/api/token/refresh', { headers: { ...same, cookie: `authlab_refresh=${cookiesFrom(r).authlab_refresh}` } }); if (rr.status === 200) { survivors++; console.log('SURVIVING REFRESH CHAIN'); } }
  }
  if (process.env.VERBOSE) console.log('round', round, 'signout', so.r.status, 'ended at', so.at, summary.join(' '));
}
console.log('rounds', ROUNDS, 'survivors', survivors);
