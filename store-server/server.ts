// The built-in store's HTTP server: the Upstash REST protocol as @upstash/redis 1.39 speaks it.
// Runtime: Node (store process). POST / (one command), /pipeline, /multi-exec; Bearer token; base64 replies;
// and /_admin/outage, which makes the store refuse or hang every command for a while (the outage demo).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../lib/clock';
import { BackendUnavailableError, type SlotResult } from './backend';
import { Engine } from './engine';
import { createMemoryBackend } from './memory-backend';
import { Persistence } from './persist';
import { MAX_OUTAGE_SECONDS, OUTAGE_PATH, OutageRequestSchema, type OutageMode, type OutageStatus } from '../lib/store/outage-protocol';
import { createRedisBackend, maskRedisUrl } from './redis-backend';
import { ReplyError, type Reply } from './reply';

/** Upstash's own request limit is far larger; a session store never needs more than this. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this, an oversized body is not even drained: the connection is closed instead. */
const MAX_DRAIN_BYTES = 8 * MAX_BODY_BYTES;

export interface StoreServerOptions {
  /** Default 127.0.0.1: the store is for this machine only. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The Bearer token clients must send. */
  token: string;
  /** Memory engine only: keep the data under `dataDir` (journal and snapshot). Without it, data lives in memory. */
  dataDir?: string;
  /** Memory engine with a data dir: how often the journal is fsynced (the most a kill can lose). Default 1000 ms. */
  fsyncIntervalMs?: number;
  /** Memory engine with a data dir: the journal size that starts a compaction. Default 64 MiB. */
  compactMinBytes?: number;
  /** Forward every command to this Redis instead of the memory engine. */
  redisUrl?: string;
  /** For the memory engine's expiry and persistence. Default: the system clock. */
  clock?: Clock;
  /** One line per notable event (corrupt file moved aside, Redis down). Default: stderr. */
  log?: (line: string) => void;
}

export interface StoreServer {
  url: string;
  port: number;
  backend: 'memory' | 'redis';
  /** Where the data lives, for humans: the store file, the masked Redis URL, or "memory only". */
  storage: string;
  /** The outage in progress, if any (also served at GET /_admin/outage). */
  outage(): OutageStatus | null;
  /** Stops accepting, lets requests in flight finish, flushes the file / closes Redis. */
  close(): Promise<void>;
}

export type Route = 'command' | 'pipeline' | 'multi-exec';
const ROUTES: Readonly<Record<string, Route>> = { '/': 'command', '/pipeline': 'pipeline', '/multi-exec': 'multi-exec' };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Arguments as a real Redis would hold them: text is UTF-8 bytes, so a lone surrogate (which
 * JSON can carry) becomes U+FFFD here exactly as it does on its way into Redis.
 */
function toArg(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return /[\uD800-\uDFFF]/.test(value) ? Buffer.from(value, 'utf8').toString('utf8') : value;
}

/**
 * With `Upstash-Encoding: base64` the client base64-decodes every string it gets, inside arrays
 * too, except a top-level "OK"; so every string is encoded but that one.
 */
export function encode(reply: Reply, base64: boolean, top = true): Reply {
  if (!base64) return reply;
  if (typeof reply === 'string') return top && reply === 'OK' ? reply : Buffer.from(reply, 'utf8').toString('base64');
  if (Array.isArray(reply)) return reply.map((item) => encode(item, true, false));
  return reply;
}

const encodeSlot = (slot: SlotResult, base64: boolean): SlotResult => ('error' in slot ? slot : { result: encode(slot.result, base64) });

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** The body, up to the limit. A larger one is drained (so keep-alive survives) unless it is huge. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > MAX_DRAIN_BYTES) {
      reject(new HttpError(413, 'ERR request body too large', { Connection: 'close' }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        req.pause();
        reject(new HttpError(413, 'ERR request body too large', { Connection: 'close' }));
      }
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, 'ERR request body too large'));
      else resolve(Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}

/**
 * A command: a non-empty array of strings, finite numbers and booleans (what the client sends), as
 * the arguments Redis would hold; `undefined` for any other shape. A plain loop, not a schema
 * library: it runs on every store request, and this shape is all there is to check.
 */
export function commandOf(data: unknown): string[] | undefined {
  if (!Array.isArray(data) || data.length === 0) return undefined;
  const args = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) {
    const value: unknown = data[i];
    if (typeof value === 'string') args[i] = toArg(value);
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') args[i] = String(value);
    else return undefined;
  }
  return args;
}

export function parseBody(body: Buffer, route: Route): string[] | string[][] {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'ERR failed to parse the request body as JSON');
  }
  if (route === 'command') {
    const command = commandOf(data);
    if (!command) throw new HttpError(400, 'ERR invalid request body: expected a command, a JSON array of strings and numbers');
    return command;
  }
  const commands = Array.isArray(data) && data.length > 0 ? data.map(commandOf) : [];
  if (commands.length === 0 || commands.some((command) => command === undefined)) {
    throw new HttpError(400, 'ERR invalid request body: expected a non-empty JSON array of commands');
  }
  return commands as string[][];
}

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function tokenChecker(token: string): (header: string | undefined) => boolean {
  const expected = createHash('sha256').update(token).digest();
  return (header) => {
    const match = /^Bearer (.+)$/i.exec(header ?? '');
    const given = createHash('sha256')
      .update(match?.[1] ?? '')
      .digest();
    return timingSafeEqual(given, expected) && match !== null;
  };
}

/**
 * The request path without its query; a target that isn't a URL path at all matches no route. The
 * client's own targets (`/`, `/pipeline`, `/multi-exec`) are taken as they are; anything else is
 * parsed as a URL, so dot segments and the like resolve exactly as they always did.
 */
export function pathOf(target: string | undefined): string {
  if (target !== undefined && (Object.hasOwn(ROUTES, target) || target === OUTAGE_PATH)) return target;
  try {
    return new URL(target ?? '/', 'http://store').pathname;
  } catch {
    return '(unparseable)';
  }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

async function openBackend(options: StoreServerOptions, log: (line: string) => void) {
  if (options.redisUrl) {
    const backend = await createRedisBackend({ url: options.redisUrl, log });
    return { backend, storage: `redis ${maskRedisUrl(options.redisUrl)}` };
  }
  const clock = options.clock ?? systemClock;
  const engine = new Engine({ clock });
  if (!options.dataDir) return { backend: createMemoryBackend({ engine }), storage: 'memory only' };
  const persistence = new Persistence({
    dataDir: options.dataDir,
    engine,
    log,
    ...(options.fsyncIntervalMs === undefined ? {} : { fsyncIntervalMs: options.fsyncIntervalMs }),
    ...(options.compactMinBytes === undefined ? {} : { compactMinBytes: options.compactMinBytes }),
  });
  await persistence.load();
  return { backend: createMemoryBackend({ engine, persistence }), storage: persistence.dataDir };
}

export async function startStoreServer(options: StoreServerOptions): Promise<StoreServer> {
  if (!options.token) throw new Error('the store needs a token');
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const authorized = tokenChecker(options.token);
  const { backend, storage } = await openBackend(options, log);

  // ---- The outage switch ----
  let outage: { mode: OutageMode; startedAt: number; endsAt: number; timer: NodeJS.Timeout } | undefined;
  /** Requests held by a `hang` outage; dropped (never run) when it ends. */
  const held = new Set<ServerResponse>();
  const outageStatus = (): OutageStatus | null =>
    outage
      ? {
          mode: outage.mode,
          startedAt: new Date(outage.startedAt).toISOString(),
          endsAt: new Date(outage.endsAt).toISOString(),
          remainingMs: Math.max(0, outage.endsAt - Date.now()),
        }
      : null;
  const endOutage = (why: string) => {
    if (!outage) return;
    clearTimeout(outage.timer);
    outage = undefined;
    for (const res of held) res.destroy();
    held.clear();
    log(`store: outage over (${why}); serving again`);
  };
  const startOutage = (seconds: number, mode: OutageMode) => {
    if (outage) endOutage('replaced by a new one');
    if (seconds === 0) return;
    const startedAt = Date.now();
    const timer = setTimeout(() => endOutage(`${seconds} s passed`), seconds * 1000);
    timer.unref();
    outage = { mode, startedAt, endsAt: startedAt + seconds * 1000, timer };
    log(`store: outage for ${seconds} s: ${mode === 'refuse' ? 'refusing' : 'hanging'} every command`);
  };

  async function admin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST') {
      let data: unknown;
      try {
        data = JSON.parse((await readBody(req)).toString('utf8'));
      } catch {
        throw new HttpError(400, 'ERR failed to parse the request body as JSON');
      }
      const parsed = OutageRequestSchema.safeParse(data);
      if (!parsed.success) {
        throw new HttpError(400, `ERR expected {"seconds": 0..${MAX_OUTAGE_SECONDS}, "mode": "refuse" | "hang"}`);
      }
      if (parsed.data.seconds === 0) endOutage('ended on request');
      else startOutage(parsed.data.seconds, parsed.data.mode);
    } else if (req.method !== 'GET') {
      throw new HttpError(405, 'ERR method not allowed: use GET or POST', { Allow: 'GET, POST' });
    }
    send(res, 200, { outage: outageStatus(), backend: backend.kind });
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    // An outage looks like a dead store to everyone, whatever they send; only its switch still answers.
    if (outage && path !== OUTAGE_PATH) {
      if (outage.mode === 'refuse') {
        req.socket.destroy();
      } else {
        held.add(res);
        res.on('close', () => held.delete(res));
      }
      return;
    }
    if (!authorized(req.headers.authorization)) throw new HttpError(401, 'Unauthorized');
    if (path === OUTAGE_PATH) return admin(req, res);
    const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    if (!route) throw new HttpError(404, `ERR no such endpoint: ${path}`);
    if (req.method !== 'POST') throw new HttpError(405, 'ERR method not allowed: use POST', { Allow: 'POST' });
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const body = parseBody(await readBody(req), route);
    try {
      if (route === 'command') {
        const result = await backend.command(body as string[]);
        send(res, 200, { result: encode(result, base64) });
      } else {
        const commands = body as string[][];
        const slots = route === 'pipeline' ? await backend.pipeline(commands) : await backend.transaction(commands);
        send(
          res,
          200,
          slots.map((slot) => encodeSlot(slot, base64)),
        );
      }
    } catch (error) {
      if (error instanceof ReplyError) throw new HttpError(400, error.message);
      if (error instanceof BackendUnavailableError) throw new HttpError(503, `ERR store unavailable: ${error.message}`);
      throw error;
    }
  }

  const server = createServer({ keepAliveTimeout: 10_000, headersTimeout: 15_000, requestTimeout: 30_000 }, (req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      // The client is gone (aborted mid-body): nobody is left to answer.
      if (req.socket.destroyed) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        // A body we stopped reading can't be followed by another request on this connection.
        if (error.headers.Connection === 'close') res.on('finish', () => req.socket.destroy());
        send(res, error.status, { error: error.message }, error.headers);
        return;
      }
      log(`store: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      send(res, 500, { error: 'ERR internal error' });
    });
  });

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await backend.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      endOutage('the store is stopping');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests in flight get a moment to finish; a stuck keep-alive socket doesn't hold shutdown.
      const force = setTimeout(() => server.closeAllConnections(), 2_000);
      force.unref();
      await stopped;
      clearTimeout(force);
      await backend.close();
    })();
    return closing;
  };

  return { url: `http://${formatHost(host)}:${port}`, port, backend: backend.kind, storage, outage: outageStatus, close };
}
