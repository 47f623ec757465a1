import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { IDENTITY_HEADER, IDENTITY_SIG_HEADER, hasIdentityHeaders, signIdentity, stripIdentityHeaders } from './forwarded-identity';
import { readIdentity } from './read-identity';
import type { Identity } from './identity';

const password = 'p'.repeat(32);
const identity: Identity = { user: { id: 'u_bob', username: 'bob', role: 'member' }, mode: 'jwt' };
const at = (ms: number): Clock => ({ now: () => ms });

function signed(clock: Clock = at(1_000_000)) {
  const headers = new Headers();
  signIdentity(headers, identity, password, clock);
  return headers;
}

function codeOf(read: () => unknown): string {
  try {
    read();
    return 'returned';
  } catch (error) {
    return error instanceof AuthError ? error.code : 'other';
  }
}

describe('forwarded identity', () => {
  it('round-trips what the middleware signed', async () => {
    const request = new Request('http://x/api/me', { headers: signed() });
    expect(readIdentity(request, password, at(1_000_500))).toEqual(identity);
  });

  it('refuses a missing, altered, re-signed or stale identity', async () => {
    const good = signed();
    const value = good.get(IDENTITY_HEADER) as string;
    const sig = good.get(IDENTITY_SIG_HEADER) as string;
    const elevated = Buffer.from(
      JSON.stringify({ identity: { ...identity, user: { ...identity.user, role: 'admin' } }, t: 1_000_000 }),
    ).toString('base64url');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = sig.slice(0, 42) + alphabet[alphabet.indexOf(sig.slice(42)) ^ 1];
    expect(Buffer.from(twin, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    const cases: Record<string, string>[] = [
      {},
      { [IDENTITY_HEADER]: value },
      { [IDENTITY_HEADER]: elevated, [IDENTITY_SIG_HEADER]: sig },
      { [IDENTITY_HEADER]: value, [IDENTITY_SIG_HEADER]: 'AAAA' },
      { [IDENTITY_HEADER]: value, [IDENTITY_SIG_HEADER]: '!!not base64!!' },
      // The right signature with junk around it: a lenient base64 decoder would drop the junk.
      { [IDENTITY_HEADER]: value, [IDENTITY_SIG_HEADER]: `${sig}!` },
      { [IDENTITY_HEADER]: value, [IDENTITY_SIG_HEADER]: `${sig}A` },
      { [IDENTITY_HEADER]: value, [IDENTITY_SIG_HEADER]: sig.slice(0, 42) },
      // The same 32 bytes spelled another way: the last character's two spare bits set differently.
      { [IDENTITY_HEADER]: value, [IDENTITY_SIG_HEADER]: twin },
      // A valid signature over something that is not an identity envelope.
      { [IDENTITY_HEADER]: `${value}x`, [IDENTITY_SIG_HEADER]: sig },
    ];
    for (const headers of cases) {
      expect(codeOf(() => readIdentity(new Request('http://x', { headers }), password, at(1_000_000)))).toBe('unauthenticated');
    }
    const other = new Request('http://x', { headers: good });
    expect(codeOf(() => readIdentity(other, 'q'.repeat(32), at(1_000_000)))).toBe('unauthenticated');
    expect(codeOf(() => readIdentity(new Request('http://x', { headers: good }), password, at(1_000_000 + 60_000)))).toBe(
      'unauthenticated',
    );
    expect(codeOf(() => readIdentity(new Request('http://x', { headers: good }), password, at(1_000_000)))).toBe('returned');
  });

  it('strips every x-authlab-* header a client sent', () => {
    const headers = new Headers({ 'X-Authlab-Identity': 'x', 'x-authlab-identity-sig': 'y', 'x-authlab-anything': 'z', accept: '*/*' });
    stripIdentityHeaders(headers);
    expect([...headers.keys()]).toEqual(['accept']);
  });

  it('tells whether there is anything to strip, whatever the case of the name', () => {
    expect(hasIdentityHeaders(new Headers({ accept: '*/*', authorization: 'Bearer x', 'x-authlabel': 'no' }))).toBe(false);
    expect(hasIdentityHeaders(new Headers({ 'X-AuthLab-Identity': 'forged' }))).toBe(true);
    expect(hasIdentityHeaders(new Headers({ 'x-authlab-anything': '' }))).toBe(true);
  });
});

describe('forwarded identity keys', () => {
  it('the edge (noble HKDF + HMAC) and Node (hkdfSync + createHmac) sign with the same key', async () => {
    const { createHmac, hkdfSync } = await import('node:crypto');
    const headers = signed();
    const value = headers.get(IDENTITY_HEADER) as string;
    const key = Buffer.from(hkdfSync('sha256', password, Buffer.alloc(0), 'authlab forwarded identity v1', 32));
    expect(headers.get(IDENTITY_SIG_HEADER)).toBe(createHmac('sha256', key).update(value).digest('base64url'));
  });
});

describe('forwarded identity encoding', () => {
  it('is base64url without padding, for every length remainder', () => {
    for (const name of ['b', 'bo', 'bob', 'bobb', 'bobby', 'ü€😀']) {
      const headers = new Headers();
      signIdentity(headers, { ...identity, user: { ...identity.user, username: name } }, password, at(1));
      const value = headers.get(IDENTITY_HEADER) as string;
      expect(value).toBe(
        Buffer.from(JSON.stringify({ identity: { ...identity, user: { ...identity.user, username: name } }, t: 1 })).toString('base64url'),
      );
    }
  });
});
