// Raw HTTP/1.1 requests (exact bytes): node raw.mjs; used by host.mjs and others.
import net from 'node:net';
export function raw(text, { from = '127.0.0.1', port = 3610, timeout = 15000 } = {}) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: from });
    const chunks = []; const t0 = performance.now();
    s.setTimeout(timeout, () => { s.destroy(); resolve({ status: 'TIMEOUT', text: Buffer.concat(chunks).toString() }); });
    s.on('data', (c) => chunks.push(c));
    s.on('error', (e) => resolve({ status: 'ERR ' + e.code, text: '' }));
    s.on('close', () => { const text = Buffer.concat(chunks).toString(); const m = /^HTTP\/1\.1 (\d+)/.exec(text); resolve({ status: m ? Number(m[1]) : 'NONE', text, ms: performance.now() - t0 }); });
    s.write(text.replace(/\n/g, '\r\n'));
  });
}
