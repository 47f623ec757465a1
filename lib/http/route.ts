// Route handler plumbing: method dispatch with JSON 405s, error mapping, JSON bodies in and out.
// Runtime: edge and Node. Handlers throw `AuthError`s; only `errorResponse` builds error JSON.
import type { z } from 'zod';
import { AuthError, NO_STORE, errorResponse } from './errors';

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type Method = (typeof METHODS)[number];

export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type Handler = (request: Request, context: RouteContext) => Response | Promise<Response>;

/** Runs a handler and turns anything it throws into the JSON error response. */
export function guarded(handler: Handler): Handler {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * Builds one export per HTTP method: the given handlers, guarded, and a JSON 405 with an `Allow`
 * header for every other method (Next's own 405 has no body), so
 * `export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: ... })`.
 */
export function route(handlers: Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>): Record<Method, Handler> {
  const allowed = Object.keys(handlers) as Method[];
  if (handlers.GET) allowed.push('HEAD');
  allowed.push('OPTIONS');
  const allow = allowed.join(', ');
  const notAllowed: Handler = (request) =>
    errorResponse(
      new AuthError('method_not_allowed', `${request.method} is not allowed here; use ${allow}.`, {
        headers: { Allow: allow },
      }),
    );
  const out = {} as Record<Method, Handler>;
  for (const method of METHODS) {
    const handler = method === 'HEAD' ? handlers.GET : method === 'OPTIONS' ? undefined : handlers[method];
    out[method] = handler ? guarded(handler) : notAllowed;
  }
  out.OPTIONS = () => new Response(null, { status: 204, headers: { Allow: allow } });
  return out;
}

/** A JSON response that no cache keeps: identity and credentials must never be stored. */
export function json(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', NO_STORE);
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

/** Request bodies are small; anything larger is refused before it is parsed. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a JSON body and parses it with `schema`: 415 for a body that is not JSON by its
 * `Content-Type` (which also keeps cross-site `text/plain` form posts out), 413 when too large,
 * 400 `invalid_json` when it does not parse, 400 `validation_failed` naming the field otherwise.
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new AuthError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readLimited(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AuthError('invalid_json', 'The request body is not valid JSON.');
  }
  // JSON may spell a lone surrogate ("\ud800"): no text a person typed, and it breaks encoding later (a 500 there).
  const problem = unreadable(value);
  if (problem === 'lone surrogate') throw new AuthError('invalid_json', 'The request body has a string that is not valid Unicode.');
  if (problem === 'too deep') throw new AuthError('invalid_json', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    throw new AuthError('validation_failed', `${field}: ${issue?.message ?? 'invalid value'}.`);
  }
  return parsed.data;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Request bodies are flat: deeper nesting than this is refused (and no check below recurses). */
const MAX_JSON_DEPTH = 32;

/**
 * Whether any string in a parsed JSON value (keys too) holds a lone UTF-16 surrogate, or the value
 * nests deeper than MAX_JSON_DEPTH. Iterative: 16 KiB of `[` is 16,000 levels, and a recursive walk
 * would run out of stack (a 500) where the answer must be a 400.
 */
function unreadable(value: unknown): 'lone surrogate' | 'too deep' | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: item, depth } = next;
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) return 'lone surrogate';
    } else if (item !== null && typeof item === 'object') {
      if (depth >= MAX_JSON_DEPTH) return 'too deep';
      for (const [key, inner] of Object.entries(item)) {
        if (!Array.isArray(item) && LONE_SURROGATE.test(key)) return 'lone surrogate';
        pending.push({ value: inner, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function tooLarge(): AuthError {
  return new AuthError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
}

async function readLimited(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new AuthError('invalid_json', 'The request body is not valid UTF-8 JSON.');
  }
}
