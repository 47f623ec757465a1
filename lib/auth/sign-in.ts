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
import { assertAddressAllowed, clearLoginAttempts, countAddressFailure, countLoginAttempt } from './rate-limit';
import { Credentials } from './schemas';
import type { User } from './users';

export async function signIn(request: Request): Promise<{ user: User; lifetimes: Lifetimes }> {
  assertSameOrigin(request);
  const { username, password, lifetimes } = await readJson(request, Credentials);
  const config = getConfig();
  const address = clientAddress(request, config);
  await assertAddressAllowed(address, config);
  await countLoginAttempt(username, config);
  const account = await checkCredentials(username, password);
  if (!account) {
    await countAddressFailure(address, config);
    throw new AuthError('invalid_credentials', 'The username or password is not right.');
  }
  await clearLoginAttempts(username);
  const chosen = lifetimesFor(config, lifetimes);
  return { user: account.user, lifetimes: account.expiresAt === undefined ? chosen : capLifetimes(chosen, account.expiresAt) };
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
