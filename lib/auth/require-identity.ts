// Route handlers' access to the identity the middleware verified and signed for this request.
// Runtime: Node. Never trusts a header it cannot verify.
import { getConfig } from '../config';
import { readIdentity } from './read-identity';
import type { Identity } from './identity';

/** Synchronous: a missing or forged identity throws 401 `unauthenticated`. */
export function requireIdentity(request: Request): Identity {
  return readIdentity(request, getConfig().sessionPassword);
}

/** The `auth` part of /api/me: the mode, where the credential travelled, and what was checked. */
export function describeAuth(identity: Identity): Record<string, unknown> {
  return {
    mode: identity.mode,
    ...(identity.transport ? { transport: identity.transport } : {}),
    ...(identity.session ? { session: identity.session } : {}),
    ...(identity.token ? { token: identity.token } : {}),
  };
}
