// Preloaded into `next start` by the launcher (NODE_OPTIONS=--require). Next.js does not give route
// handlers the peer address, and it keeps a client's own X-Forwarded-For, so this stamps every request
// with its socket address in `x-peer-address`, overwriting anything the client sent under that name.
// Without trusted proxies (TRUST_PROXY_HOPS unset or 0) it also replaces a client's X-Forwarded-Proto
// with the connection's own scheme: Next builds the request URL's scheme from that header.
'use strict';
const http = require('node:http');

const trustProxies = Number(process.env.TRUST_PROXY_HOPS || 0) > 0;

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeer(event, request, ...rest) {
  if (event === 'request' && request && request.headers) {
    const socket = request.socket;
    request.headers['x-peer-address'] = (socket && socket.remoteAddress) || '';
    if (!trustProxies) request.headers['x-forwarded-proto'] = socket && socket.encrypted ? 'https' : 'http';
  }
  return emit.call(this, event, request, ...rest);
};
