// Which credential a request means when one browser holds several cells at once: every combination of
// cookies present × sign-in marker × Authlab-Cell header × bearer form, against the rule stated once below.
import { describe, expect, it } from 'vitest';
import {
  ACCESS_COOKIE,
  ACCESS_SIGNATURE_COOKIE,
  CELL_COOKIE,
  REFRESH_BOTH_COOKIE,
  REFRESH_COOKIE,
  REFRESH_COOKIE_COOKIE,
  SESSION_BOTH_COOKIE,
  SESSION_COOKIE,
} from '../../http/cookie-names';
import { AuthError } from '../../http/errors';
import { CELLS, CELL_HEADER, cellOf, chooseCell, markSignIn, selectedCell, signInOrder, type CellSlug } from './cell';
import { readCredential } from './credential';
import { refreshCell } from './refresh-cell';

const SECRET = 'A'.repeat(43);
const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const [H, P, S] = JWT.split('.') as [string, string, string];
const OTHER_JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ5In0.b3RoZXItc2lnbmF0dXJl';

const request = (headers: Record<string, string>, url = 'http://authlab.test/api/me') => new Request(url, { headers });

/** What the request holds: which of the four credential cookies, the marker, the header and the bearer. */
interface Case {
  session: boolean;
  sessionBoth: boolean;
  access: boolean;
  signature: boolean;
  marker: CellSlug[] | undefined;
  selector: CellSlug | undefined;
  bearer: 'jwt' | 'split' | 'session-token' | 'session-pair' | undefined;
}

const BEARERS = { jwt: JWT, split: `${H}.${P}`, 'session-token': `sess_${SECRET}`, 'session-pair': `pair_${SECRET}` } as const;

function headersOf(c: Case): Record<string, string> {
  const jar: string[] = [];
  if (c.session) jar.push(`${SESSION_COOKIE}=seal-cookie`);
  if (c.sessionBoth) jar.push(`${SESSION_BOTH_COOKIE}=seal-both`);
  if (c.access) jar.push(`${ACCESS_COOKIE}=${OTHER_JWT}`);
  if (c.signature) jar.push(`${ACCESS_SIGNATURE_COOKIE}=${S}`);
  if (c.marker) jar.push(`${CELL_COOKIE}=${c.marker.join('.')}`);
  return {
    ...(jar.length ? { Cookie: jar.join('; ') } : {}),
    ...(c.selector ? { [CELL_HEADER]: c.selector } : {}),
    ...(c.bearer ? { Authorization: `Bearer ${BEARERS[c.bearer]}` } : {}),
  };
}

/** The rule, stated once: the cell the request means (a credential of it), or 401, or nothing at all. */
function expected(c: Case): CellSlug | 401 | null {
  if (c.bearer) {
    const byForm: Record<NonNullable<Case['bearer']>, CellSlug> = {
      jwt: 'jwt-header',
      split: 'jwt-both',
      'session-token': 'session-header',
      'session-pair': 'session-both',
    };
    const cell = byForm[c.bearer];
    // A "both" bearer needs its own cell's cookie; a bearer of another cell than the one named is refused.
    if (cell === 'jwt-both' && !c.signature) return 401;
    if (cell === 'session-both' && !c.sessionBoth) return 401;
    if (c.selector && c.selector !== cell) return 401;
    return cell;
  }
  if (c.selector === 'session-cookie') return c.session ? 'session-cookie' : 401;
  if (c.selector === 'jwt-cookie') return c.access ? 'jwt-cookie' : 401;
  if (c.selector) return 401;
  const present: CellSlug[] = [...(c.session ? ['session-cookie' as const] : []), ...(c.access ? ['jwt-cookie' as const] : [])];
  if (present.length === 2) return c.marker?.find((m) => present.includes(m)) ?? 'session-cookie';
  if (present.length === 1) return present[0] ?? null;
  // A lone half of a "both" credential is refused, never read as a whole one.
  return c.sessionBoth || c.signature ? 401 : null;
}

function* cases(): Generator<Case> {
  const markers: (CellSlug[] | undefined)[] = [undefined, ['session-cookie', 'jwt-cookie'], ['jwt-header', 'jwt-cookie', 'session-cookie']];
  for (let bits = 0; bits < 16; bits++)
    for (const marker of markers)
      for (const selector of [undefined, ...CELLS])
        for (const bearer of [undefined, 'jwt', 'split', 'session-token', 'session-pair'] as const)
          yield {
            session: (bits & 1) > 0,
            sessionBoth: (bits & 2) > 0,
            access: (bits & 4) > 0,
            signature: (bits & 8) > 0,
            marker,
            selector,
            bearer,
          };
}

function outcome(c: Case): CellSlug | 401 | 400 | null {
  try {
    const credential = readCredential(request(headersOf(c)));
    return credential === null ? null : cellOf(credential.mode, credential.transport);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    return error.status as 401 | 400;
  }
}

describe('readCredential with several cells in one browser', () => {
  it('picks by bearer form, else the Authlab-Cell header, else the latest sign-in, else the session cookie; halves alone are 401', () => {
    let count = 0;
    const seen = new Set<string>();
    for (const c of cases()) {
      const want = expected(c);
      expect(outcome(c), JSON.stringify(c)).toBe(want);
      seen.add(String(want));
      count++;
    }
    expect(count).toBe(16 * 3 * 7 * 5);
    // Every cell is reached, and so are the refusal and "no credential".
    expect([...seen].sort()).toEqual([...CELLS, '401', 'null'].sort());
  });

  it("reads the chosen cell's own cookie, never a neighbour's", () => {
    const jar = `${SESSION_COOKIE}=seal-cookie; ${SESSION_BOTH_COOKIE}=seal-both; ${ACCESS_COOKIE}=${OTHER_JWT}; ${ACCESS_SIGNATURE_COOKIE}=${S}`;
    expect(readCredential(request({ Cookie: jar, [CELL_HEADER]: 'session-cookie' }))).toEqual({
      mode: 'session',
      transport: 'cookie',
      cookie: 'seal-cookie',
    });
    expect(readCredential(request({ Cookie: jar, [CELL_HEADER]: 'jwt-cookie' }))).toEqual({
      mode: 'jwt',
      transport: 'cookie',
      token: OTHER_JWT,
    });
    expect(readCredential(request({ Cookie: jar, Authorization: `Bearer pair_${SECRET}` }))).toEqual({
      mode: 'session',
      transport: 'both',
      cookie: 'seal-both',
      pairSecret: SECRET,
    });
    expect(readCredential(request({ Cookie: jar, Authorization: `Bearer ${H}.${P}` }))).toEqual({
      mode: 'jwt',
      transport: 'both',
      token: JWT,
    });
  });

  it('a header that names no cell is a 400 bad_request naming the header, whatever else the request carries', () => {
    for (const value of [
      '',
      'session',
      'JWT-HEADER',
      'jwt-header;',
      'jwt-header,session-cookie',
      'x'.repeat(500),
      'session-cookie jwt-cookie',
    ]) {
      for (const headers of [{}, { Authorization: `Bearer ${JWT}` }, { Cookie: `${SESSION_COOKIE}=seal` }]) {
        let caught: unknown;
        try {
          readCredential(request({ ...headers, [CELL_HEADER]: value }));
        } catch (error) {
          caught = error;
        }
        expect(caught, value).toBeInstanceOf(AuthError);
        expect((caught as AuthError).status).toBe(400);
        expect((caught as AuthError).code).toBe('bad_request');
        expect((caught as AuthError).message).toContain('Authlab-Cell');
      }
    }
    expect(selectedCell(request({}))).toBeUndefined();
  });
});

describe('the sign-in marker', () => {
  const withMarker = (value: string) => request({ Cookie: `${CELL_COOKIE}=${value}` });

  it('lists the cells latest first; a sign-in moves its cell to the front', () => {
    expect(signInOrder(request({}))).toEqual([]);
    const first = markSignIn(request({}), 'session-cookie');
    expect(first).toMatch(/^authlab_cell=session-cookie; Path=\/; .*HttpOnly; SameSite=Lax$/);
    const second = markSignIn(withMarker('session-cookie'), 'jwt-cookie');
    expect(second).toMatch(/^authlab_cell=jwt-cookie\.session-cookie;/);
    const again = markSignIn(withMarker('jwt-cookie.session-cookie.jwt-header'), 'session-cookie');
    expect(again).toMatch(/^authlab_cell=session-cookie\.jwt-cookie\.jwt-header;/);
    expect(markSignIn(new Request('https://authlab.test/api/token'), 'jwt-both')).toMatch(/^__Host-authlab_cell=jwt-both; .*Secure/);
  });

  it('a damaged marker orders nothing (never a 4xx: it is not a credential)', () => {
    for (const bad of ['jwt-cookie.nope', 'JWT-COOKIE', `${'session-cookie.'.repeat(10)}jwt-cookie`, '.']) {
      expect(signInOrder(withMarker(bad)), bad).toEqual([]);
      expect(chooseCell(withMarker(bad), ['session-cookie', 'jwt-cookie'])).toBe('session-cookie');
    }
  });
});

describe("refreshCell: which JWT cell's refresh cookie", () => {
  const at = (headers: Record<string, string>) => request(headers, 'http://authlab.test/api/token/refresh');
  const all = `${REFRESH_COOKIE}=h; ${REFRESH_COOKIE_COOKIE}=c; ${REFRESH_BOTH_COOKIE}=b`;

  it('the header names it, else the latest JWT sign-in among those present, else the only one, else none', () => {
    expect(refreshCell(at({ Cookie: all, [CELL_HEADER]: 'jwt-both' }), 'x')).toBe('both');
    expect(refreshCell(at({ Cookie: `${REFRESH_COOKIE}=h`, [CELL_HEADER]: 'jwt-cookie' }), 'x')).toBe('cookie');
    expect(refreshCell(at({ Cookie: `${all}; ${CELL_COOKIE}=session-cookie.jwt-header.jwt-both` }), 'x')).toBe('header');
    expect(refreshCell(at({ Cookie: `${REFRESH_COOKIE}=h; ${REFRESH_BOTH_COOKIE}=b; ${CELL_COOKIE}=jwt-cookie.jwt-both` }), 'x')).toBe(
      'both',
    );
    expect(refreshCell(at({ Cookie: `${REFRESH_BOTH_COOKIE}=b; ${CELL_COOKIE}=jwt-header` }), 'x')).toBe('both');
    expect(refreshCell(at({}), 'x')).toBeUndefined();
  });

  it('a session cell named for a JWT route is a 400', () => {
    expect(() => refreshCell(at({ Cookie: all, [CELL_HEADER]: 'session-cookie' }), 'POST /api/token/refresh')).toThrow(
      /POST \/api\/token\/refresh serves the JWT cells/,
    );
  });
});
