// Sessions in every transport: the store key each session cell names, and the check that a session's
// credential came the way it was issued to travel, both halves for "both". Runtime: edge and Node.
import { AuthError } from '../../http/errors';
import { secretHash } from '../../http/ids';
import type { SessionKey, SessionRecord } from '../session';
import type { Credential } from './credential';
import { SESSION_PAIR_PREFIX, SESSION_TOKEN_PREFIX, type Transport } from './transport';

export type SessionCredential = Extract<Credential, { mode: 'session' }>;

export function sessionKeyOf(credential: SessionCredential): SessionKey {
  return credential.transport === 'header' ? { sessionId: credential.sessionId } : credential.cookie;
}

const challenge = { 'WWW-Authenticate': 'Bearer' };

/** Equal-length strings compared without an early exit; here they are hashes, so this is belt and braces. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Throws 401 unless the credential arrived in the transport its session was issued for: a double
 * session id's cookie alone, or a header half that is not this session's, is refused. Checked after
 * the lookup (the record holds the transport and the half's hash), so it costs no extra round trip.
 * These refusals never clear the cookie: the page may still hold the other half.
 */
export async function assertSessionCell(record: SessionRecord, credential: SessionCredential): Promise<void> {
  const issued = record.transport ?? 'cookie';
  if (issued === 'both' && credential.transport === 'cookie') {
    throw new AuthError(
      'unauthenticated',
      'This session is a double session id: the cookie alone is not enough; send its header half as the bearer token too.',
      { headers: challenge },
    );
  }
  if (issued !== credential.transport) {
    throw new AuthError('invalid_token', `This session was issued to travel in "${issued}", not in "${credential.transport}".`, {
      headers: challenge,
    });
  }
  if (credential.transport === 'both') {
    const hash = await secretHash(credential.pairSecret);
    if (!record.pairHash || !sameText(hash, record.pairHash)) {
      throw new AuthError('invalid_token', 'The header half does not belong to this session cookie.', { headers: challenge });
    }
  }
}

/** The bearer value the page keeps for a "header" or "both" session: the secret with its form's prefix. */
export function sessionHeaderCredential(transport: Transport, headerSecret: string | undefined): string | undefined {
  if (headerSecret === undefined || transport === 'cookie') return undefined;
  return (transport === 'header' ? SESSION_TOKEN_PREFIX : SESSION_PAIR_PREFIX) + headerSecret;
}
