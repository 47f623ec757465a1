// The one error family of the app, with the stable codes of API.md, and the one function
// that turns any thrown value into the JSON error response. Runtime: edge and Node.
export type ErrorCode =
  | 'bad_request'
  | 'duplicate_cookie'
  | 'request_header_fields_too_large'
  | 'misdirected_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'invalid_token'
  | 'token_expired'
  | 'session_expired'
  | 'session_revoked'
  | 'refresh_token_reused'
  | 'invalid_credentials'
  | 'forbidden'
  | 'csrf_rejected'
  | 'conflict'
  | 'not_found'
  | 'method_not_allowed'
  | 'too_many_attempts'
  | 'store_unavailable'
  | 'internal_error';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  duplicate_cookie: 400,
  request_header_fields_too_large: 431,
  misdirected_request: 421,
  invalid_json: 400,
  validation_failed: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthenticated: 401,
  invalid_token: 401,
  token_expired: 401,
  session_expired: 401,
  session_revoked: 401,
  refresh_token_reused: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  conflict: 409,
  not_found: 404,
  method_not_allowed: 405,
  too_many_attempts: 429,
  store_unavailable: 503,
  internal_error: 500,
};

export interface AuthErrorOptions {
  /** Extra response headers, e.g. `Retry-After`, `Allow`, `WWW-Authenticate`. */
  headers?: Record<string, string>;
  /** `Set-Cookie` values to send with the error, one header each (e.g. the clears of a refused cookie). */
  setCookies?: readonly string[];
  cause?: unknown;
}

/** An error with a stable `code` from API.md; its HTTP status follows from the code. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly setCookies: readonly string[];

  constructor(code: ErrorCode, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = STATUS[code];
    this.headers = options.headers ?? {};
    this.setCookies = options.setCookies ?? [];
  }
}

/** The store could not answer in time; an outage is never read as "signed out". */
export function storeUnavailable(cause?: unknown, message = 'The session store is not reachable right now; try again shortly.'): AuthError {
  return new AuthError('store_unavailable', message, {
    headers: { 'Retry-After': '1' },
    cause,
  });
}

export const NO_STORE = 'private, no-store';

/** The JSON body and headers for an error; unknown errors become a bare 500 without details. */
export function errorResponse(error: unknown): Response {
  const known =
    error instanceof AuthError ? error : new AuthError('internal_error', 'Something went wrong on the server.', { cause: error });
  if (!(error instanceof AuthError)) {
    // The body never carries the cause; the server log does, for whoever runs the app.
    console.error('[authlab] unexpected error', error);
  }
  const headers = new Headers(known.headers);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', NO_STORE);
  for (const cookie of known.setCookies) headers.append('Set-Cookie', cookie);
  return new Response(JSON.stringify({ error: { code: known.code, message: known.message } }), {
    status: known.status,
    headers,
  });
}
