// Edge middleware: authenticates the protected API routes in either mode and forwards the identity.
// Runtime: edge. Kept as `middleware.ts` (not Next 16's `proxy.ts`, which runs only on Node) because
// verifying at the edge is part of what authlab demonstrates. Imports only edge-safe modules.
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { authenticate } from './lib/auth/authenticate';
import { assertSameOrigin } from './lib/auth/csrf';
import { signIdentity, stripIdentityHeaders } from './lib/auth/forwarded-identity';
import type { Role } from './lib/auth/identity';
import { requireRole } from './lib/auth/roles';
import { clearedSessionCookie } from './lib/auth/session-http';
import { cookieCarried } from './lib/auth/transport/transport';
import { getConfig } from './lib/config';
import { errorResponse } from './lib/http/errors';
import { contentSecurityPolicy, newNonce } from './lib/http/csp';
import { serverTiming } from './lib/http/server-timing';

/** The protected resources, the methods they answer, and who may use them. */
const PROTECTED: Record<string, { methods: readonly string[]; kind: 'access' | 'internal'; role?: Role }> = {
  '/api/me': { methods: ['GET', 'HEAD'], kind: 'access' },
  '/api/admin/overview': { methods: ['GET', 'HEAD'], kind: 'access', role: 'admin' },
  '/api/internal/report': { methods: ['GET', 'HEAD'], kind: 'internal' },
  // Reading the settings needs no sign-in; changing them does (GET passes through).
  '/api/settings': { methods: ['PATCH'], kind: 'access', role: 'admin' },
  '/api/keys/rotate': { methods: ['POST'], kind: 'access', role: 'admin' },
  // The outage banner reads the state without signing in; only admins may start or end an outage.
  '/api/admin/store-outage': { methods: ['POST'], kind: 'access', role: 'admin' },
};

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Pages get a fresh nonce and the CSP that requires it; nothing else happens to them here. */
function page(request: NextRequest): Response {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  stripIdentityHeaders(headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export async function middleware(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  if (!request.nextUrl.pathname.startsWith('/api/')) return page(request);
  const headers = new Headers(request.headers);
  stripIdentityHeaders(headers);
  const rule = PROTECTED[request.nextUrl.pathname];
  // Unknown paths and wrong methods go on to the route handlers, which answer 404 / 405; without
  // a signed identity they can grant nothing.
  if (!rule || !rule.methods.includes(request.method)) {
    return NextResponse.next({ request: { headers } });
  }
  let config;
  try {
    config = getConfig();
  } catch (error) {
    return errorResponse(error);
  }
  const result = await authenticate(request, { config, kind: rule.kind, defer: (work) => event.waitUntil(work) });
  if (!result.ok) {
    const response = errorResponse(result.error);
    if (result.timing) response.headers.set('Server-Timing', serverTiming(result.timing));
    if (result.clearCookie) response.headers.append('Set-Cookie', clearedSessionCookie(request));
    return response;
  }
  try {
    // A credential the browser attaches by itself can be ridden by another site: every state change
    // it authenticates must come from this origin. A header-only credential can't be: no check needed.
    const { transport } = result.identity;
    if (!SAFE_METHODS.has(request.method) && transport && cookieCarried(transport)) assertSameOrigin(request);
    if (rule.role) requireRole(result.identity, rule.role);
  } catch (error) {
    const response = errorResponse(error);
    response.headers.set('Server-Timing', serverTiming(result.timing));
    return response;
  }
  signIdentity(headers, result.identity, config.sessionPassword);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Server-Timing', serverTiming(result.timing));
  response.headers.set('Cache-Control', 'private, no-store');
  return response;
}

export const config = {
  matcher: [
    '/api/:path*',
    {
      // Pages (not static files, not prefetches, which run no script), for their CSP nonce.
      source: '/((?!api/|_next/static|_next/image|favicon.ico|\\.well-known).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
