// The Content-Security-Policy for pages: scripts only with this response's nonce, no framing.
// Runtime: edge (middleware). Next.js reads the nonce from the request's CSP header and applies it.
import { randomId } from './ids';

/** 128 random bits, base64url: CSP's nonce grammar allows `-` and `_`, and so does Next's nonce reader. */
export function newNonce(): string {
  return randomId(16);
}

/**
 * Inline scripts need the nonce ('strict-dynamic' lets the scripts they load run too). Styles allow
 * inline attributes, which charts and React's `style` props use: a nonce there would switch
 * 'unsafe-inline' off. Development adds 'unsafe-eval', which React's dev tooling needs.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
