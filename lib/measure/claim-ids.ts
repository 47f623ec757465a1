// The names of the Learn page's measured claims, apart from their measurements (lib/measure/claims.ts),
// so the page's script can list them without loading Node-only code. Runtime: browser and Node.
export const MEASURED_CLAIMS = [
  'lookup',
  'self-contained',
  'revocation',
  'refresh',
  'keys',
  'hmac',
  'jwks',
  'size',
  'double-session',
  'jwt-cookie',
  'xss',
  'denylist-size',
  'hybrid',
  'hybrid-exchange',
] as const;
export type MeasuredClaim = (typeof MEASURED_CLAIMS)[number];
