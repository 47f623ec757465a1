// Small HTTP helper for the repro scripts: raw control over headers, local address, cookies.
import http from 'node:http';
export const HOST = '127.0.0.1', PORT = Number(process.env.PORT || 3610);
export const ORIGIN = `http://${HOST}:${PORT}`;
export function req(method, path, { headers = {}, body, from = '127.0.0.1', raw = false, timeout = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const h = { host: `${HOST}:${PORT}`, ...headers };
    let data;
    if (body !== undefined) { data = typeof body === 'string' ? body : JSON.stringify(body); if (!('content-type' in lc(h))) h['content-type'] = 'application/json'; }
    const t0 = performance.now();
    const r = http.request({ host: HOST, port: PORT, method, path, headers: h, localAddress: from, agent: false, setHost: false }, (res) => {
      const chunks = []; res.on('data', (c) => chunks.push(c)); res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json; try { json = JSON.parse(text); } catch {}
        resolve({ status: res.statusCode, headers: res.headers, text, json, ms: performance.now() - t0, setCookies: res.headers['set-cookie'] || [] });
      });
    });
    r.setTimeout(timeout, () => { r.destroy(new Error('timeout')); });
    r.on('error', reject);
    if (data !== undefined) r.write(data);
    r.end();
  });
}
function lc(h) { return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v])); }
export function cookiesFrom(res, jar = {}) {
  for (const c of res.setCookies) { const [nv] = c.split(';'); const i = nv.indexOf('='); const n = nv.slice(0, i), v = nv.slice(i + 1); if (v === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) delete jar[n]; else jar[n] = v; }
  return jar;
}
export const cookieHeader = (jar) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
export const same = { origin: ORIGIN };
export async function throwaway(from = '127.0.0.1') {
  const r = await req('POST', '/api/lab/throwaway', { headers: same, body: {}, from });
  if (r.status !== 201) throw new Error('throwaway ' + r.status + ' ' + r.text);
  return r.json;
}
