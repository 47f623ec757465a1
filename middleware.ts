// Edge middleware: authenticates the protected API routes in either mode and forwards the identity.
// Runtime: edge. Kept as `middleware.ts` (not Next 16's `proxy.ts`, which runs only on Node) because
// verifying at the edge is part of what authlab demonstrates. Imports only edge-safe modules.
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { authenticate } from './lib/auth/authenticate';
import { assertSameOrigin } from './lib/auth/csrf';
import { hasIdentityHeaders, signIdentity, stripIdentityHeaders } from './lib/auth/forwarded-identity';
import type { Role } from './lib/auth/identity';
import { requireRole } from './lib/auth/roles';
import { APP_COOKIE_NAMES } from './lib/http/cookie-names';
import { clearedSessionCookie } from './lib/auth/session-http';
import { cookieCarried } from './lib/auth/transport/transport';
import { getConfig, type Config } from './lib/config';
import { edgeRefusal } from './lib/http/edge-guard';
import { errorResponse } from './lib/http/errors';
import { contentSecurityPolicy, newNonce } from './lib/http/csp';
import { ORIGIN_HEADER, requestOrigin } from './lib/http/request-origin';
import { serverTiming } from './lib/http/server-timing';
import { OUTAGE_END_KEY_HEADER } from './lib/store/outage-protocol';

const OUTAGE_ROUTE = '/api/admin/store-outage';

/** The protected resources, the methods they answer, and who may use them. */
const PROTECTED: Record<string, { methods: readonly string[]; kind: 'access' | 'internal'; role?: Role }> = {
  '/api/me': { methods: ['GET', 'HEAD'], kind: 'access' },
  '/api/admin/overview': { methods: ['GET', 'HEAD'], kind: 'access', role: 'admin' },
  '/api/internal/report': { methods: ['GET', 'HEAD'], kind: 'internal' },
  // Reading the settings needs no sign-in; changing them does (GET passes through).
  '/api/settings': { methods: ['PATCH'], kind: 'access', role: 'admin' },
  '/api/keys/rotate': { methods: ['POST'], kind: 'access', role: 'admin' },
  // The outage banner reads the state without signing in; only admins may start or end an outage.
  [OUTAGE_ROUTE]: { methods: ['POST'], kind: 'access', role: 'admin' },
};

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Pages get a fresh nonce and the CSP that requires it (prefetches and error pages too). */
function page(headers: Headers): NextResponse {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

/** Over HTTPS: stay on HTTPS (HSTS), and keep other sites' windows out of ours (COOP). */
function hardened(response: Response, https: boolean): Response {
  if (https) {
    response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  }
  return response;
}

export async function middleware(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  let config: Config;
  try {
    config = getConfig();
  } catch (error) {
    return errorResponse(error);
  }
  const refused = edgeRefusal(request, config, APP_COOKIE_NAMES);
  if (refused) {
    const response = errorResponse(refused);
    // A refusal for a host this app serves is an answer of this site like any other: HSTS and COOP over HTTPS
    // (outside check "eighth" O1). Not for a host it doesn't serve (421): HSTS must not be pinned on a name not ours.
    if (refused.code === 'misdirected_request') return response;
    return hardened(response, requestOrigin(request, config)?.startsWith('https:') === true);
  }
  const origin = requestOrigin(request, config);
  const https = origin !== undefined && origin.startsWith('https:');
  const path = request.nextUrl.pathname;
  // The trailing-slash redirect Next makes by default (skipped in next.config.js so it comes after the Host check).
  if (path.length > 1 && path.endsWith('/')) {
    // A plain URL: a NextURL keeps the trailing slash it was built with.
    const target = new URL(request.url);
    target.pathname = path.replace(/\/+$/, '') || '/';
    return hardened(NextResponse.redirect(target, 308), https);
  }
  // Whether the client sent any header of ours (before the stamp below adds one): those must be stripped.
  const clientStamped = hasIdentityHeaders(request.headers);
  // Handlers read the trusted origin from the forwarded headers (CSRF, Secure cookies) instead of the
  // URL Next built; so does what runs here (the session cookie's name), hence the request's own headers
  // too: a client's value under that name is never read.
  if (origin !== undefined) request.headers.set(ORIGIN_HEADER, origin);
  /** The handler's request headers: every `x-authlab-*` a client sent removed, the trusted origin stamped. */
  const forwarded = (): Headers => {
    const headers = new Headers(request.headers);
    stripIdentityHeaders(headers);
    if (origin !== undefined) headers.set(ORIGIN_HEADER, origin);
    return headers;
  };
  if (!path.startsWith('/api/')) {
    // Every path but the API gets the page treatment: a JWKS or an icon doesn't need the CSP, but a
    // path beside them that doesn't exist (`/.well-known/nope`, `/_next/nope`) renders the HTML 404 page.
    return hardened(page(forwarded()), https);
  }
  const rule = PROTECTED[path];
  // Unknown paths and wrong methods go on to the route handlers, which answer 404 / 405; without
  // a signed identity they can grant nothing.
  // Ending a drill with its end key needs no credential (the route checks the key): see outage-end-key.ts.
  if (!rule || !rule.methods.includes(request.method) || (path === OUTAGE_ROUTE && request.headers.has(OUTAGE_END_KEY_HEADER))) {
    // Nothing to strip, and no proxy to believe: the handler works out the same origin from the request
    // itself (`stampedOrigin`'s fallback), so the request goes on untouched (no header copy for Next to carry).
    if (!clientStamped && config.trustProxyHops === 0) return hardened(NextResponse.next(), https);
    return hardened(NextResponse.next({ request: { headers: forwarded() } }), https);
  }
  const result = await authenticate(request, { config, kind: rule.kind, defer: (work) => event.waitUntil(work) });
  if (!result.ok) {
    const response = errorResponse(result.error);
    if (result.timing) response.headers.set('Server-Timing', serverTiming(result.timing));
    if (result.clearCookie) response.headers.append('Set-Cookie', clearedSessionCookie(request, result.cookieTransport));
    return hardened(response, https);
  }
  try {
    // A credential the browser attaches by itself can be ridden by another site: every state change
    // it authenticates must come from this origin. A header-only credential can't be: no check needed.
    const { transport } = result.identity;
    if (!SAFE_METHODS.has(request.method) && transport && cookieCarried(transport)) assertSameOrigin(request, origin);
    if (rule.role) requireRole(result.identity, rule.role);
  } catch (error) {
    const response = errorResponse(error);
    response.headers.set('Server-Timing', serverTiming(result.timing));
    return hardened(response, https);
  }
  const headers = forwarded();
  signIdentity(headers, result.identity, config.sessionPassword);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Server-Timing', serverTiming(result.timing));
  response.headers.set('Cache-Control', 'private, no-store');
  return hardened(response, https);
}

export const config = {
  // Every path but the build's static files (fixed public bytes with content hashes, no cookie or
  // identity involved; a miss there is a plain-text 404) and the bench's fixed public sample that
  // prices "no middleware at all" (`npm run bench`): pages, prefetches, error pages, the API and the
  // JWKS all get the Host and cookie checks, and everything rendered its CSP.
  matcher: ['/((?!_next/static/|\\.well-known/bench-untouched$).*)'],
};
