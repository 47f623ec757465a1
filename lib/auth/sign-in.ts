// Sign-in, shared by both modes: CSRF check, body parsing, throttling and the password check.
// Runtime: Node (route handlers). Unknown user and wrong password give the same 401, alike in time.
import 'server-only';
import { getConfig } from '../config';
import { AuthError } from '../http/errors';
import { readJson } from '../http/route';
import { clientAddress } from './client-address';
import { assertSameOrigin } from './csrf';
import { checkCredentials } from './password';
import { lifetimesFor, type Lifetimes } from './lifetimes';
import { reserveLoginAttempt, settleSuccessfulSignIn } from './rate-limit';
import { Credentials } from './schemas';
import type { Transport } from './transport/transport';
import type { User } from './users';

export interface SignedIn {
  user: User;
  lifetimes: Lifetimes;
  /** When the account itself ends (throwaway users), ms since the epoch: no credential outlives it. */
  endsAt: number | undefined;
  /** Where the credential is to travel, as asked (absent: the mode's default). */
  transport: Transport | undefined;
}

export async function signIn(request: Request): Promise<SignedIn> {
  assertSameOrigin(request);
  const { username, password, lifetimes, transport } = await readJson(request, Credentials);
  const config = getConfig();
  const address = clientAddress(request, config);
  // Counted before the hash: a refused attempt costs no scrypt, and parallel guesses can't overshoot.
  await reserveLoginAttempt(username, address, config);
  const account = await checkCredentials(username, password, { address });
  if (!account) throw new AuthError('invalid_credentials', 'The username or password is not right.');
  await settleSuccessfulSignIn(username, address);
  const chosen = lifetimesFor(config, lifetimes);
  const endsAt = account.expiresAt;
  return { user: account.user, lifetimes: endsAt === undefined ? chosen : capLifetimes(chosen, endsAt), endsAt, transport };
}

/** A throwaway user's credentials end with the user: nothing it signs in with outlives it. */
export function capLifetimes(lifetimes: Lifetimes, endsAt: number, now = Date.now()): Lifetimes {
  const left = Math.max(1, Math.floor((endsAt - now) / 1000));
  return {
    accessTokenTtl: Math.min(lifetimes.accessTokenTtl, left),
    refreshTokenTtl: Math.min(lifetimes.refreshTokenTtl, left),
    sessionIdleTtl: Math.min(lifetimes.sessionIdleTtl, left),
    sessionAbsoluteTtl: Math.min(lifetimes.sessionAbsoluteTtl, left),
  };
}
