// The credential a request carries, read without any key or store: which cell of the matrix it is in
// (what it is × where it travels) and its raw parts. Runtime: edge and Node.
// One reader per transport (readers/), chosen by a small table; authenticate() verifies the result.
import { readBoth } from './readers/both';
import { readCookies } from './readers/cookie';
import { bearerToken, readHeader } from './readers/header';
import { bearerForm, type BearerForm, type Transport } from './transport';

export type Credential =
  /** A compact JWT: from the bearer (header), the access cookie (cookie), or joined from both halves (both). */
  | { mode: 'jwt'; transport: Transport; token: string }
  | { mode: 'session'; transport: 'cookie'; cookie: string }
  /** The session id itself, sent as a bearer token. */
  | { mode: 'session'; transport: 'header'; sessionId: string }
  /** The double session id: the sealed cookie and the second secret bound to the same session. */
  | { mode: 'session'; transport: 'both'; cookie: string; pairSecret: string };

export type CredentialReader = (request: Request, bearer: string) => Credential;

/** Which reader judges a bearer value, by its form. `Authorization: Bearer` always wins over cookies. */
const READER_BY_FORM: Record<BearerForm, CredentialReader> = {
  jwt: readHeader,
  'session-token': readHeader,
  'split-jwt': readBoth,
  'session-pair': readBoth,
  // Not ours by its form: the JWT check refuses it with the exact reason (malformed), never a fall-back.
  unknown: readHeader,
};

/**
 * The request's credential, `null` when it carries none. Throws 401 for a malformed bearer, and
 * for half of a "both" credential whose other half is missing.
 */
export function readCredential(request: Request): Credential | null {
  const bearer = bearerToken(request);
  if (bearer === null) return readCookies(request);
  return READER_BY_FORM[bearerForm(bearer)](request, bearer);
}

/** What the `auth` Server-Timing metric names for each cell; the diagonal keeps its historic names. */
const CHECKED: Record<Credential['mode'], Record<Transport, (alg: string) => string>> = {
  session: {
    cookie: () => 'session lookup',
    header: () => 'session lookup (header: bearer session token)',
    both: () => 'session lookup (both: cookie id + header half)',
  },
  jwt: {
    header: (alg) => `jwt ${alg}`,
    cookie: (alg) => `jwt ${alg} (cookie: whole token)`,
    both: (alg) => `jwt ${alg} (both: header.payload + cookie signature)`,
  },
};

export function checkedDesc(credential: Pick<Credential, 'mode' | 'transport'>, alg = ''): string {
  return CHECKED[credential.mode][credential.transport](alg);
}
