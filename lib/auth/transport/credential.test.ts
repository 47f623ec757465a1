import { describe, expect, it } from 'vitest';
import { AuthError } from '../../http/errors';
import { SESSION_BOTH_COOKIE } from '../../http/cookie-names';
import { SESSION_COOKIE } from '../session';
import { checkedDesc, readCredential, type Credential } from './credential';
import { ACCESS_COOKIE, ACCESS_SIGNATURE_COOKIE, bearerForm, cookieCarried } from './transport';

const SECRET = 'A'.repeat(43);
const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const [H, P, S] = JWT.split('.') as [string, string, string];

const request = (headers: Record<string, string>) => new Request('http://authlab.test/api/me', { headers });
const cookies = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([n, v]) => `${n}=${v}`)
    .join('; ');

function refusal(read: () => unknown): AuthError {
  let caught: unknown;
  try {
    read();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AuthError);
  return caught as AuthError;
}

describe('bearerForm', () => {
  it('judges a bearer value by its form alone', () => {
    expect(bearerForm(JWT)).toBe('jwt');
    expect(bearerForm(`${H}.${P}`)).toBe('split-jwt');
    expect(bearerForm(`sess_${SECRET}`)).toBe('session-token');
    expect(bearerForm(`pair_${SECRET}`)).toBe('session-pair');
    for (const other of ['sess_short', `pair_${SECRET}x`, SECRET, 'a.b.c.d', `sess_${'*'.repeat(43)}`]) {
      expect(bearerForm(other), other).toBe('unknown');
    }
  });

  it('knows an opaque token in exactly one spelling: 43 base64url characters, zero trailing bits, no padding or blanks', () => {
    // 'B' is 'A' with one of the 2 unused low bits set: the same 32 bytes in a second spelling.
    const variants = [
      `${SECRET.slice(0, -1)}B`,
      `${SECRET.slice(0, -1)}D`,
      `${SECRET}=`,
      `${SECRET.slice(0, -1)}+`,
      `${SECRET.slice(0, -1)}/`,
      ` ${SECRET.slice(1)}`,
      SECRET.slice(1),
      `${SECRET}A`,
    ];
    for (const prefix of ['sess_', 'pair_']) {
      expect(bearerForm(`${prefix}${SECRET.slice(0, -1)}E`)).not.toBe('unknown'); // 'E' = 4: the low bits are zero.
      for (const variant of variants) expect(bearerForm(`${prefix}${variant}`), `${prefix}${variant}`).toBe('unknown');
      expect(bearerForm(`${prefix.toUpperCase()}${SECRET}`)).toBe('unknown');
    }
  });

  it('hands a second spelling of an opaque token to the JWT check, which refuses it: never read as a session', () => {
    const read = readCredential(request({ Authorization: `Bearer sess_${SECRET.slice(0, -1)}B` }));
    expect(read).toEqual({ mode: 'jwt', transport: 'header', token: `sess_${SECRET.slice(0, -1)}B` });
    const pair = readCredential(
      request({ Authorization: `Bearer pair_${SECRET.slice(0, -1)}B`, Cookie: cookies({ [SESSION_COOKIE]: 'seal' }) }),
    );
    expect(pair).toMatchObject({ mode: 'jwt', transport: 'header' });
  });
});

describe('readCredential: the table of readers', () => {
  const cases: [string, Record<string, string>, Credential | null][] = [
    ['nothing', {}, null],
    ['session cookie', { Cookie: cookies({ [SESSION_COOKIE]: 'seal' }) }, { mode: 'session', transport: 'cookie', cookie: 'seal' }],
    ['access cookie', { Cookie: cookies({ [ACCESS_COOKIE]: JWT }) }, { mode: 'jwt', transport: 'cookie', token: JWT }],
    ['bearer JWT', { Authorization: `Bearer ${JWT}` }, { mode: 'jwt', transport: 'header', token: JWT }],
    ['bearer session token', { Authorization: `Bearer sess_${SECRET}` }, { mode: 'session', transport: 'header', sessionId: SECRET }],
    [
      'split JWT joined with its signature cookie',
      { Authorization: `Bearer ${H}.${P}`, Cookie: cookies({ [ACCESS_SIGNATURE_COOKIE]: S }) },
      { mode: 'jwt', transport: 'both', token: JWT },
    ],
    [
      'double session id, with its own cookie',
      { Authorization: `Bearer pair_${SECRET}`, Cookie: cookies({ [SESSION_BOTH_COOKIE]: 'seal', [SESSION_COOKIE]: 'other' }) },
      { mode: 'session', transport: 'both', cookie: 'seal', pairSecret: SECRET },
    ],
    [
      'a bearer wins over every cookie',
      { Authorization: `Bearer ${JWT}`, Cookie: cookies({ [SESSION_COOKIE]: 'seal', [ACCESS_COOKIE]: 'other' }) },
      { mode: 'jwt', transport: 'header', token: JWT },
    ],
    [
      'without a sign-in marker, a session cookie is read before an access cookie',
      { Cookie: cookies({ [ACCESS_COOKIE]: JWT, [SESSION_COOKIE]: 'seal' }) },
      { mode: 'session', transport: 'cookie', cookie: 'seal' },
    ],
    // Not ours by its form: handed to the JWT check, which refuses it as malformed (never a fall-back to the cookie).
    [
      'an unknown bearer form',
      { Authorization: 'Bearer garbage', Cookie: cookies({ [SESSION_COOKIE]: 'seal' }) },
      { mode: 'jwt', transport: 'header', token: 'garbage' },
    ],
  ];
  for (const [name, headers, expected] of cases) {
    it(name, () => {
      expect(readCredential(request(headers))).toEqual(expected);
    });
  }

  it('refuses either half of a "both" credential alone, and an empty bearer', () => {
    const halves = [
      { Authorization: `Bearer ${H}.${P}` },
      { Cookie: cookies({ [ACCESS_SIGNATURE_COOKIE]: S }) },
      { Authorization: `Bearer pair_${SECRET}` },
      // The double session id's half beside a session-cookie cell's cookie: not its own cookie.
      { Authorization: `Bearer pair_${SECRET}`, Cookie: cookies({ [SESSION_COOKIE]: 'seal' }) },
      { Cookie: cookies({ [SESSION_BOTH_COOKIE]: 'seal' }) },
      { Authorization: `Bearer ${H}.${P}`, Cookie: cookies({ [ACCESS_SIGNATURE_COOKIE]: 'bad*sig' }) },
      // The signature cookie in a second spelling: padded, or with blanks inside.
      { Authorization: `Bearer ${H}.${P}`, Cookie: cookies({ [ACCESS_SIGNATURE_COOKIE]: `${S}=` }) },
      { Authorization: `Bearer ${H}.${P}`, Cookie: `${ACCESS_SIGNATURE_COOKIE}=${S.slice(0, 8)} ${S.slice(8)}` },
      // The bearer half with a blank inside it.
      { Authorization: `Bearer ${H}.${P}  x`, Cookie: cookies({ [ACCESS_SIGNATURE_COOKIE]: S }) },
      { Authorization: 'Bearer   ' },
    ];
    for (const headers of halves) {
      expect(refusal(() => readCredential(request(headers))).status, JSON.stringify(headers)).toBe(401);
    }
  });
});

describe('checkedDesc', () => {
  it('names each cell, keeping the diagonal names', () => {
    expect(checkedDesc({ mode: 'session', transport: 'cookie' })).toBe('session lookup');
    expect(checkedDesc({ mode: 'jwt', transport: 'header' }, 'ES256')).toBe('jwt ES256');
    const all = (['session', 'jwt'] as const).flatMap((mode) =>
      (['cookie', 'header', 'both'] as const).map((transport) => checkedDesc({ mode, transport }, 'ES256')),
    );
    expect(new Set(all).size).toBe(6);
  });

  it('cookieCarried: only the header cell is not attached by the browser', () => {
    expect([cookieCarried('cookie'), cookieCarried('header'), cookieCarried('both')]).toEqual([true, false, true]);
  });
});
