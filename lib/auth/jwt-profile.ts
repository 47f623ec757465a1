// What issuing, verifying and the key ring agree on about a JWT: its kinds, the clock skew, the size limit.
// Runtime: edge and Node. Its own module so `jwt.ts` and `keys.ts` both use it without importing each other.

/** A public access token for the API, and the hybrid pattern's internal token: distinct audiences and types. */
export const TOKEN_KINDS = {
  access: { audience: 'authlab-api', typ: 'at+jwt' },
  internal: { audience: 'authlab-internal', typ: 'internal+jwt' },
} as const;
export type TokenKind = keyof typeof TOKEN_KINDS;

/** Seconds of clock skew tolerated between the issuer and a verifier. */
export const CLOCK_TOLERANCE = 5;

/** Real access tokens are well under 1 kB; a huge one is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 4096;
