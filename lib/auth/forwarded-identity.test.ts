import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock';
import { AuthError } from '../http/errors';
import { IDENTITY_HEADER, IDENTITY_SIG_HEADER, readIdentity, signIdentity, stripIdentityHeaders } from './forwarded-identity';
import type { Identity } from './identity';

const password = 'p'.repeat(32);
const identity: Identity = { user: { id: 'u_bob', username: 'bob', role: 'member' }, mode: 'jwt' };
const at = (ms: number): Clock => ({ now: () => ms });

async function signed(clock: Clock = at(1_000_000)) {
  const headers = new Headers();
  await signIdentity(headers, identity, password, clock);
  return headers;
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof AuthError ? e.code : 'other'));

describe('forwarded identity', () => {
  it('round-trips what the middleware signed', async () => {
    const request = new Request('http://x/api/me', { headers: await signed() });
    await expect(readIdentity(request, password, at(1_000_500))).resolves.toEqual(identity);
  });

  it('refuses a missing, altered, re-signed or stale identity', async () => {
    const good = await signed();
    const value = good.get(IDENTITY_HEADER) as string;
    const sig = good.get(IDENTITY_SIG_HEADER) as string;
    const elevated = Buffer.from(JSON.stringify({ identity: { ...identity, user: { ...identity.user, role: 'admin' } }, t: 1_000_000 })).toString('base64url');
    const cases: Record<string, string>[] = [
      {},
      { [IDENTITY_HEADER]: value },
      { [IDENTITY_HEADER]: elevated, [IDENTITY_SIG_HEADER]: sig },
      { [IDENTITY_HEADER]: value, [IDENTITY_SIG_HEADER]: 'AAAA' },
      { [IDENTITY_HEADER]: value, [IDENTITY_SIG_HEADER]: '!!not base64!!' },
    ];
    for (const headers of cases) {
      expect(await codeOf(readIdentity(new Request('http://x', { headers }), password, at(1_000_000)))).toBe('unauthenticated');
    }
    const other = new Request('http://x', { headers: good });
    expect(await codeOf(readIdentity(other, 'q'.repeat(32), at(1_000_000)))).toBe('unauthenticated');
    expect(await codeOf(readIdentity(new Request('http://x', { headers: good }), password, at(1_000_000 + 60_000)))).toBe('unauthenticated');
  });

  it('strips every x-authlab-* header a client sent', () => {
    const headers = new Headers({ 'X-Authlab-Identity': 'x', 'x-authlab-identity-sig': 'y', 'x-authlab-anything': 'z', accept: '*/*' });
    stripIdentityHeaders(headers);
    expect([...headers.keys()]).toEqual(['accept']);
  });
});
