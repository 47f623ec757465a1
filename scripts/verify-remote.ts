// `npm run verify-remote -- <token> [--url http://127.0.0.1:3000]`: verifies an access token the way
// another service would. Runtime: Node. Only the app's public JWKS and jose: no secret, no session store.
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

const USAGE = 'usage: npm run verify-remote -- <access token> [--url http://127.0.0.1:3000]';

/** What an authlab access token must be; another service pins these, it does not learn them from the token. */
const EXPECTED = { issuer: 'authlab', audience: 'authlab-api', typ: 'at+jwt' } as const;
/** Only algorithms with a public key: an HS256 token can't be checked by anyone who lacks the shared secret. */
const ALGORITHMS = ['ES256', 'EdDSA'];

function parseArgs(argv: readonly string[]): { token: string; url: URL } {
  let token: string | undefined;
  let url = 'http://127.0.0.1:3000';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--url') {
      const value = argv[++i];
      if (!value) throw new Error(`--url needs a value\n${USAGE}`);
      url = value;
    } else if (arg.startsWith('--url=')) {
      url = arg.slice('--url='.length);
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    } else if (token === undefined) {
      token = arg.trim();
    } else {
      throw new Error(`one token at a time\n${USAGE}`);
    }
  }
  if (!token) throw new Error(USAGE);
  try {
    return { token, url: new URL('/.well-known/jwks.json', url) };
  } catch {
    throw new Error(`--url is not a URL: ${url}`);
  }
}

/** A sentence for a person, from jose's error classes (its messages alone can be terse). */
function explain(error: unknown, jwksUrl: URL): string {
  if (error instanceof errors.JWTExpired) return `the token has expired (exp ${String(error.payload.exp)})`;
  if (error instanceof errors.JWTClaimValidationFailed) return `the "${error.claim}" claim is not acceptable: ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the signature does not verify: the token was altered or signed by another key';
  if (error instanceof errors.JWKSNoMatchingKey) return `no key in ${jwksUrl.href} matches the token's kid (retired, or never this app's)`;
  if (error instanceof errors.JOSEAlgNotAllowed)
    return `its algorithm is not one another service can verify (${ALGORITHMS.join(', ')}); HS256 needs the shared secret`;
  if (error instanceof errors.JWKSTimeout) return `${jwksUrl.href} did not answer in time`;
  if (error instanceof errors.JWKSInvalid || error instanceof errors.JOSEError) return `${error.message} (${error.code})`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause} (is the app running at ${jwksUrl.origin}?)`;
}

async function main(): Promise<number> {
  let args: { token: string; url: URL };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`verify-remote: ${(error as Error).message}\n`);
    return 1;
  }
  const jwks = createRemoteJWKSet(args.url, { timeoutDuration: 5_000 });
  try {
    const { payload, protectedHeader } = await jwtVerify(args.token, jwks, { ...EXPECTED, algorithms: ALGORITHMS });
    process.stdout.write(`verified with ${protectedHeader.alg} key ${String(protectedHeader.kid)} from ${args.url.href}\n`);
    process.stdout.write(`${JSON.stringify({ header: protectedHeader, claims: payload }, null, 2)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`verify-remote: NOT valid: ${explain(error, args.url)}\n`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
