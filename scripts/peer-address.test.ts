// The launcher's preload answers what Next.js can't parse with the contract's JSON error, never a
// plain-text 500 or a redirect to another host. Raw sockets, because fetch would normalise the targets.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const { labVisitor, otherBenchSpelling, upgradeAllowed } = createRequire(import.meta.url)('./peer-address.cjs') as {
  labVisitor: (headers: Record<string, string>, socketAddress: string) => string | undefined;
  otherBenchSpelling: (path: string) => boolean;
  upgradeAllowed: (url: unknown, dev?: boolean) => boolean;
};
/** Upgrades handed to a listener the server registered (Next registers one); the preload must keep it from ever running. */
let upgradesSeen = 0;

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    const lab = Object.keys(request.headers).filter((name) => name.startsWith('x-authlab-lab-'));
    const text = `ok ${request.headers['x-peer-address'] ?? ''}${lab.length > 0 ? ` lab headers: ${lab.join(',')}` : ''}`;
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  });
  // What Next's router does with an upgrade it has no WebSocket for: nothing, the socket left open.
  server.on('upgrade', () => {
    upgradesSeen += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function raw(requestLine: string): Promise<{ status: number; body: string; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${requestLine}\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body, head });
    });
  });
}

const labKey = () => (globalThis as Record<symbol, unknown>)[Symbol.for('authlab.labPeerKey')] as string;

describe('scripts/peer-address.cjs: whom the lab plays for (second outside check N5)', () => {
  it('stamps the address the lab names when it carries this process’s key from loopback, and removes both headers', async () => {
    expect(labKey()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const answer = await raw(`GET /api/me HTTP/1.1\r\nx-authlab-lab-for: 203.0.113.7\r\nx-authlab-lab-key: ${labKey()}`);
    expect(answer.body).toBe('ok 203.0.113.7');
  });

  it.each([
    ['no key', 'x-authlab-lab-for: 203.0.113.7'],
    ['a wrong key', `x-authlab-lab-for: 203.0.113.7\r\nx-authlab-lab-key: ${'A'.repeat(43)}`],
    ['a key one character short', 'x-authlab-lab-for: 203.0.113.7\r\nx-authlab-lab-key: KEY_SHORT'],
    ['an empty key', 'x-authlab-lab-for: 203.0.113.7\r\nx-authlab-lab-key: '],
    ['a name that is no address', 'x-authlab-lab-for: 1.2.3.4, 5.6.7.8\r\nx-authlab-lab-key: KEY'],
    ['the name twice', 'x-authlab-lab-for: 203.0.113.7\r\nx-authlab-lab-for: 203.0.113.8\r\nx-authlab-lab-key: KEY'],
    ['a forged x-peer-address beside', 'x-peer-address: 203.0.113.7\r\nx-authlab-lab-key: nope'],
  ])('a client with %s keeps its socket address, and the headers never reach the app', async (_, lines) => {
    const key = labKey();
    const headers = lines.replace('KEY_SHORT', key.slice(1)).replace(/KEY$/, key);
    const answer = await raw(`GET /api/me HTTP/1.1\r\n${headers}`);
    expect(answer.body).toBe('ok 127.0.0.1');
  });

  it('honours the key only from a loopback peer (a proxy on another host forwarding it gets nothing)', () => {
    const headers = { 'x-authlab-lab-for': '203.0.113.7', 'x-authlab-lab-key': labKey() };
    expect(labVisitor(headers, '127.0.0.1')).toBe('203.0.113.7');
    expect(labVisitor(headers, '::ffff:127.0.0.1')).toBe('203.0.113.7');
    expect(labVisitor(headers, '::1')).toBe('203.0.113.7');
    for (const peer of ['10.0.0.5', '203.0.113.9', '::ffff:10.0.0.5', '2001:db8::1', '']) expect(labVisitor(headers, peer)).toBeUndefined();
    expect(labVisitor({ ...headers, 'x-authlab-lab-for': '2001:db8:1:2::/64' }, '127.0.0.1')).toBe('2001:db8:1:2::/64');
  });
});

describe('scripts/peer-address.cjs: the bench’s untouched sample has one spelling (second outside check N6)', () => {
  it('passes the exact path on (with a query too), and paths that only look alike', async () => {
    for (const target of ['/.well-known/bench-untouched', '/.well-known/bench-untouched?x=1']) {
      expect((await raw(`GET ${target} HTTP/1.1`)).status).toBe(200);
    }
    for (const path of ['/.well-known/bench-untouched-not', '/.well-known/jwks.json', '/x/.well-known/bench-untouched', '/api/me']) {
      expect(otherBenchSpelling(path)).toBe(false);
    }
  });
});

describe('scripts/peer-address.cjs', () => {
  it('passes ordinary requests on, stamped with the peer address', async () => {
    const answer = await raw('GET /api/health?x=%41&next=//a\\b HTTP/1.1');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('ok 127.0.0.1');
  });

  it('passes a router state header Next can read on (what its own client router sends)', async () => {
    const state = encodeURIComponent(JSON.stringify(['', { children: ['__PAGE__', {}, null, null] }, null, null]));
    const answer = await raw(`GET / HTTP/1.1\r\nRSC: 1\r\nNext-Router-State-Tree: ${state}`);
    expect(answer.status).toBe(200);
  });

  it('passes one of each single header on, and repeated list headers (Accept, Cookie) too', async () => {
    const answer = await raw('GET /api/me HTTP/1.1\r\nAuthorization: Bearer a\r\nAccept: a\r\nAccept: b\r\nCookie: a=1\r\nCookie: b=2');
    expect(answer.status).toBe(200);
  });

  it.each([
    ['GET /api/%ZZ HTTP/1.1', 400, 'bad_request'],
    ['GET /api/% HTTP/1.1', 400, 'bad_request'],
    ['GET /%C0%AF HTTP/1.1', 400, 'bad_request'],
    ['GET http://evil.example/ HTTP/1.1', 400, 'bad_request'],
    ['GET //evil.example/ HTTP/1.1', 400, 'bad_request'],
    ['TRACE /api/me HTTP/1.1', 405, 'method_not_allowed'],
    ['GET /api/me HTTP/1.1\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b', 400, 'duplicate_header'],
    ['GET /api/me HTTP/1.1\r\nauthorization: Bearer a\r\nAUTHORIZATION: Bearer a', 400, 'duplicate_header'],
    ['GET /api/me HTTP/1.1\r\nProxy-Authorization: Basic a\r\nProxy-Authorization: Basic b', 400, 'duplicate_header'],
    ['GET /api/me HTTP/1.1\r\nHost: evil.example', 400, 'duplicate_header'],
    [
      'POST /api/token HTTP/1.1\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: 0',
      400,
      'duplicate_header',
    ],
    ['GET /console\\ HTTP/1.1', 400, 'bad_request'],
    ['GET /api\\me HTTP/1.1', 400, 'bad_request'],
    ['GET /api/me// HTTP/1.1', 400, 'bad_request'],
    ['GET /api//me?x=1 HTTP/1.1', 400, 'bad_request'],
    ['GET / HTTP/1.1\r\nRSC: 1\r\nNext-Router-State-Tree: %5B%22%22', 400, 'bad_request'],
    ['GET /compare HTTP/1.1\r\nRSC: 1\r\nNext-Router-State-Tree: not-json', 400, 'bad_request'],
    ['GET / HTTP/1.1\r\nRSC: 1\r\nNext-Router-State-Tree: %5B1%2C2%5D', 400, 'bad_request'],
    // Every spelling of the bench's untouched sample but the exact one (second outside check N6).
    ...[
      '/./.well-known/bench-untouched',
      '/x/../.well-known/bench-untouched',
      '/%2e/.well-known/bench-untouched',
      '/%2E/.well-known/bench-untouched',
      '/.well-known/./bench-untouched',
      '/.well-known/x/../bench-untouched',
      '/.well-known/bench-untouched/.',
      '/.well-known/bench-untouched/x/..',
      '/.well-known/bench-untouched/%2e',
      '/.well-known/bench-untouched/%2e%2e/bench-untouched',
      '/.well-known/bench-untouched/',
      '/.well-known/bench-untouched/x',
      '/%2ewell-known/bench-untouched',
      '/.well-known%2fbench-untouched',
      '/.well-known/bench-untouche%64',
      '/.WELL-KNOWN/bench-untouched',
      '/.well-known/Bench-Untouched?x=1',
    ].map((path): [string, number, string] => [`GET ${path} HTTP/1.1`, 400, 'bad_request']),
  ])('%s is a JSON %i %s', async (line, status, code) => {
    const answer = await raw(line);
    expect(answer.status).toBe(status);
    expect(answer.head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(answer.body)).toEqual({ error: { code, message: expect.any(String) } });
    if (status === 405) expect(answer.head).toMatch(/\r\nAllow: GET, HEAD, POST/);
  });
});

describe('scripts/peer-address.cjs: protocol upgrades (third outside check T2)', () => {
  it.each([
    ['websocket', 'Upgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13'],
    ['h2c', 'Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA'],
    ['an unknown protocol', 'Upgrade: foo'],
  ])('answers a %s upgrade as an ordinary request and closes it; the listener never gets the socket', async (_, lines) => {
    const before = upgradesSeen;
    // `raw` adds `Connection: close`; with `Connection: Upgrade` beside it Node reads one `Upgrade, close`.
    const answer = await raw(`GET /api/me HTTP/1.1\r\nConnection: Upgrade\r\n${lines}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('ok 127.0.0.1');
    expect(upgradesSeen).toBe(before);
  });

  it('lets only the dev server’s hot-reload socket through, and only under npm run dev', () => {
    expect(upgradeAllowed('/_next/webpack-hmr', true)).toBe(true);
    expect(upgradeAllowed('/_next/webpack-hmr?page=%2F', true)).toBe(true);
    for (const url of ['/api/me', '/', '/_next/webpack-hmr/x', '/_next/webpack-hmrx', '//_next/webpack-hmr', undefined])
      expect(upgradeAllowed(url, true), String(url)).toBe(false);
    expect(upgradeAllowed('/_next/webpack-hmr', false)).toBe(false);
  });
});
