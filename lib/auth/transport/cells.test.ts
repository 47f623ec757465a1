// authenticate() in each of the six cells, against a real (test) store with an injected clock.
import { type JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStore } from '../../../test/store';
import type { Clock } from '../../clock';
import { parseConfig, type Config } from '../../config';
import { secretHash } from '../../http/ids';
import { authenticate } from '../authenticate';
import { DEMO_ACCOUNTS } from '../demo-accounts';
import type { AuthResult } from '../identity';
import { issueToken } from '../jwt';
import { generatePrivateJwk, getKeyRing, resetKeyRingCache } from '../keys';
import { SESSION_BOTH_COOKIE, SESSION_COOKIE_OF } from '../../http/cookie-names';
import { createSession, endSession, resetKnownSessions } from '../session';
import { resetSettingsCache } from '../settings';
import type { User } from '../users';
import { carryAccessToken } from './access-cookies';
import { sessionHeaderCredential } from './session-cell';
import { ACCESS_COOKIE, ACCESS_SIGNATURE_COOKIE, type Transport } from './transport';
import { highSTwin, textWithTrailingBits, withTrailingBits } from '../../../test/token-variants';

const bob: User = { id: DEMO_ACCOUNTS.bob.id, username: DEMO_ACCOUNTS.bob.username, role: DEMO_ACCOUNTS.bob.role };
const PASSWORD = 'p'.repeat(32);
let T = Date.now();
const clock: Clock = { now: () => T };
let store: Awaited<ReturnType<typeof startTestStore>>;
let signingKey: JWK;

beforeAll(async () => {
  store = await startTestStore();
  signingKey = await generatePrivateJwk('ES256');
});
afterAll(async () => {
  await store.close();
});
beforeEach(async () => {
  T = Date.now();
  await store.redis.flushdb();
  resetKeyRingCache();
  resetSettingsCache();
  resetKnownSessions();
});

const config = (): Config =>
  parseConfig({
    SESSION_PASSWORD: PASSWORD,
    JWT_ALG: 'ES256',
    JWT_KEYS: JSON.stringify({ keys: [signingKey] }),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: store.token,
  });

/** What a client holds after signing in to a cell: cookies and the page's bearer value. */
interface Held {
  cookies: Record<string, string>;
  bearer?: string;
}

const toRequest = (held: Held) =>
  new Request('http://authlab.test/api/me', {
    headers: {
      Cookie: Object.entries(held.cookies)
        .map(([n, v]) => `${n}=${v}`)
        .join('; '),
      ...(held.bearer ? { Authorization: `Bearer ${held.bearer}` } : {}),
    },
  });

const auth = (held: Held) => authenticate(toRequest(held), { config: config(), clock, redis: store.redis });

async function sessionIn(transport: Transport) {
  const created = await createSession(
    bob,
    { sessionPassword: PASSWORD, idleTtl: 60, absoluteTtl: 300 },
    { userAgent: 't', clock, redis: store.redis, transport },
  );
  const bearer = sessionHeaderCredential(transport, created.headerSecret);
  const cookies = transport === 'header' ? {} : { [SESSION_COOKIE_OF[transport]]: created.cookieValue };
  const held: Held = { cookies, ...(bearer ? { bearer } : {}) };
  return { created, held };
}

/** The cookies and body a JWT sign-in in `transport` gives, read back the way a browser and page would. */
async function jwtIn(transport: Transport): Promise<Held> {
  const c = config();
  const issued = await issueToken(bob, { ring: await getKeyRing(c, { clock, redis: store.redis }), config: c, ttl: 60, clock });
  const carried = carryAccessToken(new Request('http://authlab.test/api/token'), issued.token, issued.expiresIn, transport, 600);
  const cookies: Record<string, string> = {};
  for (const line of carried.cookies) {
    const [pair = ''] = line.split(';');
    const [name = '', value = ''] = pair.split('=');
    if (value !== '') cookies[name] = value;
  }
  const bearer = carried.body.access_token ?? carried.body.header_credential;
  return { cookies, ...(typeof bearer === 'string' ? { bearer } : {}) };
}

function accepted(result: AuthResult) {
  if (!result.ok) throw new Error(`expected a success, got ${result.error.code}: ${result.error.message}`);
  return result;
}
function refused(result: AuthResult) {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.identity)}`);
  return result;
}

const TRANSPORTS: Transport[] = ['cookie', 'header', 'both'];

describe('every cell verifies into the same result shape', () => {
  for (const transport of TRANSPORTS) {
    it(`session × ${transport}`, async () => {
      const { created, held } = await sessionIn(transport);
      const result = accepted(await auth(held));
      expect(result.identity).toEqual({ user: bob, mode: 'session', transport, session: created.info });
      expect(result.timing.desc).toMatch(/^session lookup/);
    });
    it(`jwt × ${transport}`, async () => {
      const result = accepted(await auth(await jwtIn(transport)));
      expect(result.identity).toMatchObject({ user: bob, mode: 'jwt', transport });
      expect(result.timing.desc).toMatch(/^jwt ES256/);
    });
  }
});

describe('both halves are required', () => {
  it('session × both: the cookie alone and the header half alone are 401; neither clears the cookie', async () => {
    const { held } = await sessionIn('both');
    const cookieAlone = refused(await auth({ cookies: held.cookies }));
    expect(cookieAlone.error.status).toBe(401);
    expect(cookieAlone.clearCookie).toBe(false);
    expect(refused(await auth({ cookies: {}, ...(held.bearer ? { bearer: held.bearer } : {}) })).error.status).toBe(401);
    accepted(await auth(held));
  });

  it('session × both: a header half from another sign-in does not fit', async () => {
    const one = await sessionIn('both');
    const two = await sessionIn('both');
    const mixed = refused(await auth({ cookies: one.held.cookies, ...(two.held.bearer ? { bearer: two.held.bearer } : {}) }));
    expect(mixed.error.code).toBe('invalid_token');
  });

  it('jwt × both: header.payload alone and the signature cookie alone are 401; a foreign signature fails', async () => {
    const held = await jwtIn('both');
    expect(refused(await auth({ cookies: held.cookies })).error.status).toBe(401);
    expect(refused(await auth({ cookies: {}, ...(held.bearer ? { bearer: held.bearer } : {}) })).error.code).toBe('invalid_token');
    const other = await jwtIn('both');
    expect(refused(await auth({ cookies: other.cookies, ...(held.bearer ? { bearer: held.bearer } : {}) })).error.code).toBe(
      'invalid_token',
    );
  });
});

describe('a session is accepted only in the transport it was issued for', () => {
  it("a cookie session's pairing with any header half is refused", async () => {
    const cookieSession = await sessionIn('cookie');
    const both = await sessionIn('both');
    // The cookie session's seal moved into the double session id's cookie, with a header half: refused after the lookup.
    const moved = { [SESSION_BOTH_COOKIE]: cookieSession.created.cookieValue };
    const result = refused(await auth({ cookies: moved, ...(both.held.bearer ? { bearer: both.held.bearer } : {}) }));
    expect(result.error.code).toBe('invalid_token');
  });

  it('a header session token ends with its session, and idles out by the injected clock', async () => {
    const { created, held } = await sessionIn('header');
    accepted(await auth(held));
    T += 61_000;
    expect(refused(await auth(held)).error.code).toBe('session_expired');
    const again = await sessionIn('header');
    await endSession(await secretHash(again.created.headerSecret ?? ''), again.created.record, 'logout', { clock, redis: store.redis });
    expect(refused(await auth(again.held)).error.code).toBe('session_revoked');
    expect(created.record.transport).toBe('header');
  });
});

/** A held JWT credential with its token swapped for `token`, carried the way the cell carries it. */
function holding(transport: Transport, token: string): Held {
  if (transport === 'header') return { cookies: {}, bearer: token };
  if (transport === 'cookie') return { cookies: { [ACCESS_COOKIE]: token } };
  const dot = token.lastIndexOf('.');
  return { cookies: { [ACCESS_SIGNATURE_COOKIE]: token.slice(dot + 1) }, bearer: token.slice(0, dot) };
}

/** The token a JWT cell holds, joined back into one compact JWT. */
function tokenOf(held: Held): string {
  const whole = held.cookies[ACCESS_COOKIE] ?? held.bearer ?? '';
  const signature = held.cookies[ACCESS_SIGNATURE_COOKIE];
  return signature === undefined ? whole : `${whole}.${signature}`;
}

describe('one spelling per token, in every cell', () => {
  for (const transport of TRANSPORTS) {
    it(`jwt × ${transport}: padding, trailing bits and the high-S twin are refused after joining, the token itself accepted`, async () => {
      const held = await jwtIn(transport);
      const token = tokenOf(held);
      expect(token.split('.')).toHaveLength(3);
      const parts = token.split('.');
      const padded = [0, 1, 2].map((i) => parts.map((p, j) => (i === j ? `${p}=` : p)).join('.'));
      const trailing = [0, 1, 2].flatMap((i) => withTrailingBits(token, i) ?? []);
      // The signature always has spare bits (64 bytes: 86 characters), so at least that variant exists.
      expect(trailing.length).toBeGreaterThan(0);
      for (const variant of [...padded, ...trailing, highSTwin(token)]) {
        expect(variant).not.toBe(token);
        const result = refused(await auth(holding(transport, variant)));
        expect(result.error.code, variant).toBe('invalid_token');
        expect(result.error.status).toBe(401);
      }
      accepted(await auth(holding(transport, token)));
    });
  }

  it('session × header and session × both: a second spelling of the opaque token is refused, the token itself accepted', async () => {
    for (const transport of ['header', 'both'] as const) {
      const { held } = await sessionIn(transport);
      const bearer = held.bearer ?? '';
      const prefix = bearer.slice(0, 5);
      const secret = bearer.slice(5);
      const variants = [
        `${prefix}${textWithTrailingBits(secret) ?? ''}`,
        `${bearer}=`,
        `${prefix}${secret.replace(/-/g, '+').replace(/_/g, '/')}x`,
      ];
      for (const variant of variants) {
        const result = refused(await auth({ ...held, bearer: variant }));
        expect(result.error.code, `${transport}: ${variant}`).toBe('invalid_token');
      }
      accepted(await auth(held));
    }
  });
});
