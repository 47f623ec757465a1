// One spelling per token: every variant of a valid credential must be 401 (never 200, never a cookie fall-back).
import { req, cookiesFrom, same, throwaway } from './lib.mjs';
import { raw } from './raw.mjs';
const t = await throwaway('127.0.0.51');
const creds = { username: t.user.username, password: t.password };
const k = await req('POST', '/api/token', { headers: same, body: { ...creds, transport: 'header' } });
const jwt = k.json.access_token;
const [h, p, s] = jwt.split('.');
console.log('alg', JSON.parse(Buffer.from(h, 'base64url')).alg, 'sig len', Buffer.from(s, 'base64url').length);
const me = async (headers) => (await req('GET', '/api/me', { headers })).status;
const out = {};
const flip = (x) => { const last = x.slice(-1); const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'; const i = alpha.indexOf(last); return x.slice(0, -1) + alpha[i ^ 1]; };
// high-S twin for ES256
let highS;
const sig = Buffer.from(s, 'base64url');
if (sig.length === 64) {
  const n = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');
  const S = BigInt('0x' + sig.subarray(32).toString('hex'));
  const S2 = (n - S).toString(16).padStart(64, '0');
  highS = `${h}.${p}.${Buffer.concat([sig.subarray(0, 32), Buffer.from(S2, 'hex')]).toString('base64url')}`;
}
const variants = {
  ok: `Bearer ${jwt}`, lowerScheme: `bearer ${jwt}`, upperScheme: `BEARER ${jwt}`,
  twoSpaces: `Bearer  ${jwt}`, tab: `Bearer\t${jwt}`, trailingSpace: `Bearer ${jwt} `, padding: `Bearer ${jwt}=`, padSig: `Bearer ${h}.${p}.${s}==`, padPayload: `Bearer ${h}.${p}=.${s}`,
  trailingBits: `Bearer ${h}.${p}.${flip(s)}`, trailingBitsPayload: `Bearer ${h}.${flip(p)}.${s}`, std64: `Bearer ${jwt.replace(/-/g, '+').replace(/_/g, '/')}`,
  highS: highS && `Bearer ${highS}`, dotEnd: `Bearer ${jwt}.`, comma: `Bearer ${jwt},`, quoted: `Bearer "${jwt}"`, newlineFold: `Bearer ${jwt}`, basic: `Basic ${jwt}`, tokenOnly: jwt,
};
for (const [name, v] of Object.entries(variants)) if (v) out[name] = await me({ authorization: v });
console.log('JWT header variants', out);
// split JWT
const kb = await req('POST', '/api/token', { headers: same, body: { ...creds, transport: 'both' } });
const jb = cookiesFrom(kb); const half = kb.json.header_credential; const sigc = jb.authlab_access_sig;
const sv = {
  ok: [half, sigc], halfDotEmpty: [half + '.', sigc], sigPad: [half, sigc + '='], sigFlip: [half, flip(sigc)], sigSpace: [half, ` ${sigc}`], sigQuoted: [half, `"${sigc}"`],
  sigStd64: [half, sigc.replace(/-/g, '+').replace(/_/g, '/')], halfPad: [half.replace('.', '=.'), sigc], wholeInHeaderAndSigCookie: [`${half}.${sigc}`, sigc], sigPctEnc: [half, encodeURIComponent(sigc).replace(/-/g, '%2D')],
};
const so = {}; for (const [name, [a, b]] of Object.entries(sv)) so[name] = await me({ authorization: `Bearer ${a}`, cookie: `authlab_access_sig=${b}` });
console.log('split JWT variants', so);
// opaque session tokens
const sh = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: 'header' } });
const sess = sh.json.header_credential;
const sb = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: 'both' } });
const pair = sb.json.header_credential; const scook = cookiesFrom(sb).authlab_session;
const ov = { ok: sess, pad: sess + '=', flip: flip(sess), upperPrefix: sess.replace('sess_', 'SESS_'), std64: sess.replace(/-/g, '+').replace(/_/g, '/'), extra: sess + 'A', space: sess + ' ', pctEnc: sess.replace(/_/g, '%5F') };
const oo = {}; for (const [name, v] of Object.entries(ov)) oo[name] = await me({ authorization: `Bearer ${v}` });
console.log('sess_ variants', oo);
const pv = { ok: pair, flip: flip(pair), pad: pair + '=', asSess: pair.replace('pair_', 'sess_') };
const po = {}; for (const [name, v] of Object.entries(pv)) po[name] = await me({ authorization: `Bearer ${v}`, cookie: `authlab_session=${scook}` });
po.cookieOnly = await me({ cookie: `authlab_session=${scook}` }); po.pairOnly = await me({ authorization: `Bearer ${pair}` });
console.log('pair_ variants', po);
// a bad bearer with a good cookie: never a fall-back
const sc = await req('POST', '/api/session/login', { headers: same, body: { ...creds, transport: 'cookie' } });
const goodCookie = `authlab_session=${cookiesFrom(sc).authlab_session}`;
console.log('bad bearer + good session cookie', await me({ authorization: 'Bearer x.y.z', cookie: goodCookie }), 'empty bearer + cookie', await me({ authorization: 'Bearer ', cookie: goodCookie }), 'Authorization: Basic + cookie', await me({ authorization: 'Basic YWxpY2U6d29uZGVybGFuZA==', cookie: goodCookie }), 'Authorization empty + cookie', await me({ authorization: '', cookie: goodCookie }));
// two Authorization headers (raw)
for (const [a, b] of [[`Bearer ${jwt}`, 'Bearer x'], ['Bearer x', `Bearer ${jwt}`], [`Bearer ${jwt}`, `Bearer ${jwt}`]]) {
  const r = await raw(`GET /api/me HTTP/1.1\nHost: 127.0.0.1:3610\nAuthorization: ${a}\nauthorization: ${b}\nConnection: close\n\n`);
  console.log('two Authorization', r.status);
}
const r2 = await raw(`GET /api/me HTTP/1.1\nHost: 127.0.0.1:3610\nAuthorization: Bearer ${jwt.slice(0, 40)}\n ${jwt.slice(40)}\nConnection: close\n\n`);
console.log('obs-fold Authorization', r2.status);
