// The console's credential choices: what each sends, how the browser is told, and what its answer teaches.
// Runtime: browser and Node (pure).

export const CREDENTIAL_CHOICES = ['session', 'bearer', 'none', 'expired', 'tampered', 'alg_none', 'wrong_audience', 'revoked'] as const;
export type CredentialChoice = (typeof CREDENTIAL_CHOICES)[number];

export interface CredentialOption {
  value: CredentialChoice;
  /** The option's label; the first words are fixed by API.md ("Session cookie", "Bearer token", "None"). */
  label: string;
  /** How it goes out: the browser's cookies, one Authorization header, or nothing. */
  kind: 'cookie' | 'bearer' | 'none';
  damaged: boolean;
  description: string;
}

export const CREDENTIALS: readonly CredentialOption[] = [
  {
    value: 'session',
    label: 'Session cookie',
    kind: 'cookie',
    damaged: false,
    description:
      "Sends with credentials: 'same-origin', so the browser attaches its HttpOnly cookies (authlab_session and authlab_refresh_bind; under /api/token also authlab_refresh) and keeps any cookie the answer sets. No Authorization header.",
  },
  {
    value: 'bearer',
    label: 'Bearer token',
    kind: 'bearer',
    damaged: false,
    description: "Sends Authorization: Bearer with the console's token, and credentials: 'omit', so no cookie goes along.",
  },
  {
    value: 'none',
    label: 'None',
    kind: 'none',
    damaged: false,
    description: "No Authorization header and credentials: 'omit': no cookie goes out, and cookies in the answer are ignored.",
  },
  {
    value: 'expired',
    label: 'Bearer token (expired)',
    kind: 'bearer',
    damaged: true,
    description: 'A copy of your token that expired a minute ago, signed by the server for this lesson (POST /api/lab/damaged-token).',
  },
  {
    value: 'tampered',
    label: 'Bearer token (tampered signature)',
    kind: 'bearer',
    damaged: true,
    description: 'Your token with one character of its signature changed, here in the browser.',
  },
  {
    value: 'alg_none',
    label: 'Bearer token (alg: none)',
    kind: 'bearer',
    damaged: true,
    description: 'Your token rewritten in the browser as an unsigned JWT: header alg "none", signature removed.',
  },
  {
    value: 'wrong_audience',
    label: 'Bearer token (wrong audience)',
    kind: 'bearer',
    damaged: true,
    description: 'A copy of your token for the audience "authlab-wrong-audience", signed by the server (POST /api/lab/damaged-token).',
  },
  {
    value: 'revoked',
    label: 'Bearer token (revoked)',
    kind: 'bearer',
    damaged: true,
    description: 'A fresh token (POST /api/token) that is revoked at once (POST /api/token/revoke puts its jti on the denylist).',
  },
];

export function credentialOption(choice: CredentialChoice): CredentialOption {
  return CREDENTIALS.find((c) => c.value === choice) ?? (CREDENTIALS[0] as CredentialOption);
}

export function isCredentialChoice(value: string): value is CredentialChoice {
  return (CREDENTIAL_CHOICES as readonly string[]).includes(value);
}

/**
 * One or two sentences on what an answer shows, for the damaged credentials and the plain cases
 * worth a word. `authDesc` is the `desc` of the answer's Server-Timing `auth` metric, if any.
 */
export function lessonFor(
  choice: CredentialChoice,
  answer: { status: number; errorCode: string | undefined; authDesc: string | undefined },
): string | undefined {
  const { status, errorCode, authDesc } = answer;
  const ok = status >= 200 && status < 300;
  switch (choice) {
    case 'revoked':
      if (ok) {
        const checked = authDesc?.includes('denylist');
        return checked
          ? 'Still accepted, although the denylist was checked: the revocation has not reached it.'
          : `Still accepted: this token was revoked (its jti is on the denylist), but the server did not check the denylist${
              authDesc ? ` (Server-Timing says "${authDesc}", no "+ denylist")` : ''
            }. With the denylist off (JWT_DENYLIST=off, the default) a JWT is checked by its signature alone and stays valid until it expires: the price of stateless tokens.`;
      }
      if (errorCode === 'invalid_token')
        return 'Refused: the denylist is on, so the server looked up the jti and found it revoked. That lookup is what JWTs were meant to avoid.';
      return undefined;
    case 'expired':
      if (errorCode === 'token_expired')
        return 'Refused: the exp claim is in the past. A client would now use its refresh token for a new access token.';
      return undefined;
    case 'tampered':
      if (errorCode === 'invalid_token')
        return 'Refused: the signature no longer matches the header and payload, so any change to a token is caught.';
      return undefined;
    case 'alg_none':
      if (errorCode === 'invalid_token') return 'Refused: the server accepts only the algorithm of its own key, never an unsigned token.';
      return undefined;
    case 'wrong_audience':
      if (errorCode === 'invalid_token')
        return 'Refused: the aud claim names another service. A genuine signature is not enough; the token must be meant for this API.';
      return undefined;
    case 'none':
      if (errorCode === 'unauthenticated')
        return 'No credential at all: 401 with WWW-Authenticate: Bearer, the challenge for a bearer token.';
      return undefined;
    default:
      return undefined;
  }
}
