// What one process remembers about the sessions it has seen: the store key a cookie names, and the
// session's fixed lifetimes. Runtime: edge and Node. Bounded; forgetting an entry only costs redoing work.
//
// Unsealing an iron-session cookie derives two keys from the password (PBKDF2), checks an HMAC and
// decrypts: about a millisecond of WebCrypto for an answer that never changes for a given cookie. So
// a cookie is unsealed once per process; the store lookup, the cost the session design is about,
// still happens on every request, and the seal's own expiry is still enforced.
import { LruMap } from '../lru-map';

export interface KnownSession {
  /** SHA-256 of the session id: the store key. */
  hash: string;
  /** The user the seal names (cookies sealed since #20), so the lookup reads the user's revocation cut-off along. */
  userId?: string;
  /** When the seal itself expires (ms since the epoch); from then on the cookie is unsealed, and refused, again. */
  sealExpiresAt: number;
  /** From the record, which never changes them: enough to write `lastSeenAt` without reading the record first. */
  lifetimes?: { idleTtl: number; absoluteEndsAt: number };
  /** The newest `lastSeenAt` this process has read or written for the session. */
  lastSeenAt?: number;
}

/**
 * The expiry an iron seal carries in the clear (covered by its HMAC):
 * `Fe26.2*passwordId*salt*iv*data*EXPIRY*hmacSalt*hmac~2`. Only read from a cookie that unsealed.
 */
export function sealExpiry(cookieValue: string): number | undefined {
  const parts = (cookieValue.split('~')[0] ?? '').split('*');
  const expiry = parts.length === 8 ? parts[5] : undefined;
  return expiry && /^\d{1,15}$/.test(expiry) ? Number(expiry) : undefined;
}

/** Cookies this process has unsealed, by cookie value, for one session password. */
export class KnownSessions {
  private readonly entries: LruMap<string, KnownSession>;
  private password: string | undefined;

  constructor(max = 5_000) {
    this.entries = new LruMap(max);
  }

  /** The entry for a cookie unsealed with this password, unless its seal has expired. */
  get(cookieValue: string, password: string, now: number): KnownSession | undefined {
    if (password !== this.password) return undefined;
    const entry = this.entries.get(cookieValue);
    if (entry && now >= entry.sealExpiresAt) {
      this.entries.delete(cookieValue);
      return undefined;
    }
    return entry;
  }

  /** Remembers a cookie that just unsealed; one without a readable expiry (nor a given one) is not remembered. */
  remember(cookieValue: string, password: string, hash: string, userId?: string, expiresAt?: number): KnownSession | undefined {
    const sealExpiresAt = expiresAt ?? sealExpiry(cookieValue);
    if (sealExpiresAt === undefined) return undefined;
    if (password !== this.password) {
      // Another password (tests, or a restart with a new one): nothing unsealed with the old one counts.
      this.entries.clear();
      this.password = password;
    }
    const entry: KnownSession = { hash, sealExpiresAt, ...(userId === undefined ? {} : { userId }) };
    this.entries.set(cookieValue, entry);
    return entry;
  }

  forget(cookieValue: string): void {
    this.entries.delete(cookieValue);
  }

  clear(): void {
    this.entries.clear();
    this.password = undefined;
  }
}
