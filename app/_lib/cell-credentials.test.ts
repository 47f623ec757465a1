import { describe, expect, it } from 'vitest';
import { SESSION_PAIR_PREFIX as SERVER_PAIR, SESSION_TOKEN_PREFIX as SERVER_TOKEN, bearerForm } from '@/lib/auth/transport/transport';
import {
  SESSION_PAIR_PREFIX,
  SESSION_TOKEN_PREFIX,
  carryInit,
  carryOf,
  cellLists,
  goneText,
  heldForm,
  readHeldNote,
  scriptCookieNames,
  sessionCell,
  writeHeldNote,
} from './cell-credentials';

const SECRET = 'A'.repeat(43);
const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const SPLIT = JWT.split('.').slice(0, 2).join('.');

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

describe('carryOf / carryInit', () => {
  it('cookie: the cookie alone, even if a bearer is at hand', () => {
    expect(carryOf('cookie', 'sess_x')).toEqual({ bearer: null, cookies: true });
    const init = carryInit(carryOf('cookie', 'sess_x'));
    expect(init.credentials).toBe('same-origin');
    expect(new Headers(init.headers).has('Authorization')).toBe(false);
  });

  it('header: the bearer alone, the cookies left out', () => {
    const init = carryInit(carryOf('header', JWT), { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect(init.credentials).toBe('omit');
    expect(init.method).toBe('POST');
    const headers = new Headers(init.headers);
    expect(headers.get('Authorization')).toBe(`Bearer ${JWT}`);
    expect(headers.get('Content-Type')).toBe('application/json');
  });

  it('keeps the headers a plain object, so a caller that spreads them keeps the bearer', () => {
    const init = carryInit(carryOf('header', JWT), { headers: { Accept: 'application/json' } });
    expect({ ...init.headers }).toEqual({ Accept: 'application/json', Authorization: `Bearer ${JWT}` });
  });

  it('both: both halves go', () => {
    const init = carryInit(carryOf('both', SPLIT));
    expect(init.credentials).toBe('same-origin');
    expect(new Headers(init.headers).get('Authorization')).toBe(`Bearer ${SPLIT}`);
  });
});

describe('heldForm', () => {
  it('uses the prefixes the server judges by, and agrees with its bearerForm', () => {
    expect(SESSION_TOKEN_PREFIX).toBe(SERVER_TOKEN);
    expect(SESSION_PAIR_PREFIX).toBe(SERVER_PAIR);
    for (const value of [JWT, SPLIT, `sess_${SECRET}`, `pair_${SECRET}`]) expect(heldForm(value)).toBe(bearerForm(value));
  });
});

describe('cellLists', () => {
  const refresh = { name: 'authlab_refresh', bytes: 60, path: '/api/token' };
  const sig = { name: 'authlab_access_sig', bytes: 105, path: '/' };

  it('session × header: the token is script-readable, the browser holds nothing', () => {
    const lists = cellLists({ bearer: `sess_${SECRET}` }, [], 'theme=dark');
    expect(lists.script).toHaveLength(1);
    expect(lists.script[0]?.what).toMatch(/^the session token/);
    expect(lists.script[0]?.preview).toBe(`sess_${SECRET.slice(0, 11)}…`);
    expect(lists.script[0]?.bytes).toBe(48);
    expect(lists.httpOnly).toEqual([]);
  });

  it('jwt × both: header.payload and the claims copy are readable; the signature and refresh cookies are not', () => {
    const lists = cellLists({ bearer: SPLIT, claims: { sub: 'x' } }, [sig, refresh], 'theme=dark');
    expect(lists.script.map((i) => i.credential)).toEqual([true, false]);
    expect(lists.script[0]?.what).toMatch(/^header\.payload/);
    expect(lists.httpOnly.map((c) => [c.name, c.readableByScript])).toEqual([
      ['authlab_access_sig', false],
      ['authlab_refresh', false],
    ]);
  });

  it('jwt × cookie: no credential is readable; a cookie that shows in document.cookie is flagged', () => {
    const lists = cellLists(
      { bearer: null, claims: { sub: 'x' } },
      [{ name: 'authlab_access', bytes: 300, path: '/' }],
      'authlab_access=leak',
    );
    expect(lists.script.every((i) => !i.credential)).toBe(true);
    expect(lists.httpOnly[0]?.readableByScript).toBe(true);
  });

  it('jwt × header: the whole token; its claims are part of it, not a second item', () => {
    expect(cellLists({ bearer: JWT, claims: { sub: 'x' } }, [refresh], '').script).toHaveLength(1);
  });
});

describe('scriptCookieNames', () => {
  it('reads the names of document.cookie', () => {
    expect(scriptCookieNames('')).toEqual([]);
    expect(scriptCookieNames('a=1; b=2;c')).toEqual(['a', 'b', 'c']);
  });
});

describe('held note', () => {
  it('keeps the cell and the user, never a credential, and reads back only a well-formed note', () => {
    const storage = memoryStorage();
    writeHeldNote(storage, { mode: 'session', transport: 'both', username: 'alice' });
    expect(readHeldNote(storage)).toEqual({ mode: 'session', transport: 'both', username: 'alice' });
    expect([...storage.data.values()].join()).not.toMatch(/pair_|sess_/);
    writeHeldNote(storage, null);
    expect(readHeldNote(storage)).toBeNull();
    storage.setItem('authlab:held-in-memory', '{"mode":"session","transport":"pigeon","username":"a"}');
    expect(readHeldNote(storage)).toBeNull();
    storage.setItem('authlab:held-in-memory', '{not json');
    expect(readHeldNote(storage)).toBeNull();
  });

  it('says the header credential is gone and what is left', () => {
    expect(goneText({ mode: 'session', transport: 'header', username: 'bob' })).toMatch(
      /^Your session token .* is gone after the reload: sign in again\./,
    );
    expect(goneText({ mode: 'session', transport: 'both', username: 'bob' })).toMatch(
      /header half .* cookie half, but alone it is refused/,
    );
  });
});

describe('sessionCell', () => {
  it('takes the transport and header credential the server named', () => {
    expect(sessionCell({ transport: 'both', header_credential: `pair_${SECRET}` })).toEqual({
      transport: 'both',
      bearer: `pair_${SECRET}`,
    });
    expect(sessionCell({ user: {} })).toEqual({ transport: 'cookie', bearer: null });
  });
});
