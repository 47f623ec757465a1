// Preloaded into `next start` by the launcher (NODE_OPTIONS=--require). Next.js does not give route
// handlers the peer address, and it keeps a client's own X-Forwarded-For, so this stamps every request
// with its socket address in `x-peer-address`, overwriting anything the client sent under that name.
// Without trusted proxies (TRUST_PROXY_HOPS unset or 0) it also replaces a client's X-Forwarded-Proto
// with the connection's own scheme: Next builds the request URL's scheme from that header.
//
// The attack lab and Learn's measurements sign a throwaway in over HTTP to this same server, so their
// socket peer is always loopback. So that each visitor's runs are throttled and queued as that visitor,
// not all together as 127.0.0.1, the lab names the visitor in `x-authlab-lab-for` beside this process's
// secret in `x-authlab-lab-key` (made here at start, kept on `globalThis` under a registered symbol for
// lib/lab/lab-peer.ts, never written anywhere). Both headers are always removed here; only with the right
// key from a loopback peer does the named address replace the socket's, so no client picks its own.
'use strict';
const crypto = require('node:crypto');
const http = require('node:http');

const trustProxies = Number(process.env.TRUST_PROXY_HOPS || 0) > 0;

/** Methods no route answers; Next would fail on some of them with a plain-text 500. */
const REFUSED_METHODS = new Set(['TRACE', 'CONNECT']);
const ALLOW = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * Headers a request may carry once. Node keeps the first of each and drops the rest, while a proxy in
 * front of us may have read the last: two Authorization (or Host) headers would be two answers to who
 * is asking, so such a request is refused instead of judged on the first.
 */
const SINGLE_HEADERS = new Set(['authorization', 'proxy-authorization', 'host', 'content-length', 'content-type']);

function duplicateHeader(rawHeaders) {
  const seen = new Set();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = String(rawHeaders[i]).toLowerCase();
    if (!SINGLE_HEADERS.has(name)) continue;
    if (seen.has(name)) return String(rawHeaders[i]);
    seen.add(name);
  }
  return undefined;
}

/**
 * Next's own check of the client router's state header, which it otherwise runs deep in rendering and
 * answers with a plain-text 500 when it fails. Absent (another Next version moved it): no check here.
 */
let parseRouterState;
try {
  ({ parseAndValidateFlightRouterState: parseRouterState } = require('next/dist/server/app-render/parse-and-validate-flight-router-state'));
} catch {
  parseRouterState = undefined;
}

function badRouterState(headers) {
  const value = headers['next-router-state-tree'];
  if (value === undefined || !parseRouterState) return false;
  try {
    parseRouterState(value);
    return false;
  } catch {
    return true;
  }
}

/** The bench's fixed sample outside the middleware's matcher (middleware.ts): served at this exact spelling only. */
const BENCH_UNTOUCHED = '/.well-known/bench-untouched';

/**
 * Whether a path that isn't exactly BENCH_UNTOUCHED still leads there (or below it) once Next has decoded
 * it and resolved its dot segments (`/./.well-known/…`, `/x/../…`, `/%2e/…`, `…/bench-untouched/x/..`): the
 * matcher's exclusion would skip the Host check for it, so such a spelling is refused instead. Compared
 * without case, in case a matcher and a route disagree about it.
 */
function otherBenchSpelling(path) {
  if (path === BENCH_UNTOUCHED) return false;
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  const segments = [];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normal = `/${segments.join('/')}`.toLowerCase();
  return normal === BENCH_UNTOUCHED || normal.startsWith(`${BENCH_UNTOUCHED}/`);
}

/**
 * What Next.js can't parse, answered here as the contract's JSON error instead of its plain-text 500
 * (or, for an absolute-form target, a redirect to the host it names): a target that isn't a path, a
 * malformed percent-escape, a method no route has, a header that may come once sent twice, a router
 * state header Next would fail on.
 */
function refusal(request) {
  const url = request.url || '';
  if (REFUSED_METHODS.has(request.method)) {
    return [405, 'method_not_allowed', `${request.method} is not allowed here.`, { Allow: ALLOW }];
  }
  if (!url.startsWith('/') || url.startsWith('//')) {
    return [400, 'bad_request', 'The request target must be a path that starts with a single "/".', {}];
  }
  const twice = duplicateHeader(request.rawHeaders || []);
  if (twice) return [400, 'duplicate_header', `The request carries more than one ${twice} header; send it once.`, {}];
  if (badRouterState(request.headers)) {
    return [400, 'bad_request', 'The Next-Router-State-Tree header is not a router state this app can read.', {}];
  }
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  // A browser never sends one (it turns `\` into `/`); Next would answer it with a redirect before any Host check.
  if (path.includes('\\')) return [400, 'bad_request', 'The request path has a backslash; use "/".', {}];
  // Next would redirect these to their single-slash form before any Host check; nothing of ours has one.
  if (path.includes('//')) return [400, 'bad_request', 'The request path has an empty segment ("//").', {}];
  try {
    decodeURIComponent(path);
  } catch {
    return [400, 'bad_request', 'The request path has a malformed percent-escape.', {}];
  }
  if (otherBenchSpelling(path)) {
    return [400, 'bad_request', `Only the exact path ${BENCH_UNTOUCHED} is served outside the edge checks; ask for it spelled so.`, {}];
  }
  return undefined;
}

const LAB_KEY_SYMBOL = Symbol.for('authlab.labPeerKey');
if (typeof globalThis[LAB_KEY_SYMBOL] !== 'string') {
  Object.defineProperty(globalThis, LAB_KEY_SYMBOL, { value: crypto.randomBytes(32).toString('base64url') });
}
const LAB_KEY = Buffer.from(globalThis[LAB_KEY_SYMBOL]);
const LAB_FOR = 'x-authlab-lab-for';
const LAB_KEY_HEADER = 'x-authlab-lab-key';
/** What the lab sends: an address as `throttlingAddress` spells it (IPv4, an IPv6 /64, "unknown"). */
const ADDRESS = /^[0-9A-Za-z.:/_-]{1,64}$/;
const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** The visitor a lab request plays for, when it proves it comes from this process; else undefined. */
function labVisitor(headers, socketAddress) {
  const named = headers[LAB_FOR];
  const key = headers[LAB_KEY_HEADER];
  if (typeof named !== 'string' || typeof key !== 'string') return undefined;
  if (!LOOPBACK.test(socketAddress) || !ADDRESS.test(named)) return undefined;
  const given = Buffer.from(key);
  return given.length === LAB_KEY.length && crypto.timingSafeEqual(given, LAB_KEY) ? named : undefined;
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeer(event, request, ...rest) {
  if (event === 'request' && request && request.headers) {
    const refused = refusal(request);
    const response = rest[0];
    if (refused && response && typeof response.writeHead === 'function') {
      const [status, code, message, headers] = refused;
      const body = JSON.stringify({ error: { code, message } });
      response.writeHead(status, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        'Content-Length': Buffer.byteLength(body),
        ...headers,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
      return true;
    }
    const socket = request.socket;
    const peer = (socket && socket.remoteAddress) || '';
    const visitor = labVisitor(request.headers, peer);
    delete request.headers[LAB_FOR];
    delete request.headers[LAB_KEY_HEADER];
    request.headers['x-peer-address'] = visitor ?? peer;
    if (!trustProxies) request.headers['x-forwarded-proto'] = socket && socket.encrypted ? 'https' : 'http';
  }
  return emit.call(this, event, request, ...rest);
};

// Protocol upgrades (third outside check T2). Next's own `upgrade` listener leaves a request it has no
// WebSocket for unanswered with its socket open, before any check of ours: a foreign Host got no 421, and
// every such request held a file descriptor for good. The app speaks no upgraded protocol, so no
// `upgrade` listener is kept: Node then treats such a request as an ordinary one, which the middleware
// and the routes answer like any other (421 for a foreign Host), and the socket is closed as usual.
// Under `npm run dev` (AUTHLAB_DEV_UPGRADES=1, set by the launcher) the listener stays for Next's
// hot-reload socket only; any other upgrade there is refused at once and its socket destroyed.
const DEV_UPGRADE_PATH = '/_next/webpack-hmr';
const devUpgrades = process.env.AUTHLAB_DEV_UPGRADES === '1';

/** Whether an upgrade to `url` may reach Next's listener: only the dev server's hot reload. */
function upgradeAllowed(url, dev = devUpgrades) {
  if (!dev || typeof url !== 'string') return false;
  const path = url.split('?')[0];
  return path === DEV_UPGRADE_PATH;
}

if (!devUpgrades) {
  for (const name of ['on', 'addListener', 'prependListener', 'once', 'prependOnceListener']) {
    const original = http.Server.prototype[name];
    http.Server.prototype[name] = function withoutUpgrade(event, listener) {
      return event === 'upgrade' ? this : original.call(this, event, listener);
    };
  }
} else {
  const emitRequest = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitDevUpgrade(event, request, socket, ...rest) {
    if (event === 'upgrade' && !upgradeAllowed(request && request.url)) {
      const body = JSON.stringify({ error: { code: 'bad_request', message: 'This server accepts no protocol upgrade here.' } });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      socket.destroySoon();
      return true;
    }
    return emitRequest.call(this, event, request, socket, ...rest);
  };
}

module.exports = { labVisitor, otherBenchSpelling, upgradeAllowed };
