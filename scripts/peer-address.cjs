// Preloaded into `next start` by the launcher (NODE_OPTIONS=--require). Next.js does not give route
// handlers the peer address, and it keeps a client's own X-Forwarded-For, so this stamps every request
// with its socket address in `x-peer-address`, overwriting anything the client sent under that name.
'use strict';
const http = require('node:http');

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeer(event, request, ...rest) {
  if (event === 'request' && request && request.headers) {
    request.headers['x-peer-address'] = (request.socket && request.socket.remoteAddress) || '';
  }
  return emit.call(this, event, request, ...rest);
};
