// The credential a request carries, read without any key or store: which cell of the matrix it is in
// (what it is × where it travels) and its raw parts. Runtime: edge and Node.
// One reader per transport (readers/), chosen by a small table; authenticate() verifies the result.
import { cellOf, selectedCell } from './cell';
import { readBoth } from './readers/both';
import { readCookies } from './readers/cookie';
import { bearerToken, readHeader } from './readers/header';
import { bearerForm, type BearerForm, type Transport } from './transport';
import { AuthError } from '../../http/errors';

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
 * The request's credential, `null` when it carries none. Throws 401 for a malformed bearer, for half
 * of a "both" credential whose other half is missing, and for a bearer of another cell than the
 * `Authlab-Cell` header names; 400 for a header that names no cell. Without a bearer the header (else
 * the latest sign-in) picks between a session cookie and an access-token cookie held side by side.
 */
export function readCredential(request: Request): Credential | null {
  const selected = selectedCell(request);
  const bearer = bearerToken(request);
  if (bearer === null) return readCookies(request, selected);
  const credential = READER_BY_FORM[bearerForm(bearer)](request, bearer);
  const cell = cellOf(credential.mode, credential.transport);
  if (selected !== undefined && selected !== cell) {
    // The bearer's form decides what it is; a page that names another cell holds the wrong value for it.
    throw new AuthError('invalid_token', `The bearer value is a ${cell} credential, but the Authlab-Cell header names ${selected}.`, {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  return credential;
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
