import { describe, expect, it } from 'vitest';
import {
  bodyCredential,
  bytesOutcome,
  cookieHeaderFor,
  credentialBytes,
  credentialCookiesFor,
  csrfOutcome,
  describeBearer,
  exfiltrationOutcome,
  jarOf,
  lookupsOutcome,
  pageHeaders,
  pathMatches,
  readableByScript,
  replayOutcome,
  ridingOutcome,
  matrixLines,
  MATRIX_CELLS,
  type MatrixCell,
  type MatrixRow,
} from './matrix-outcomes';

const SESSION = 'authlab_session=Fe26.2**abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200';
const REFRESH = 'authlab_refresh=rt_123; Path=/api/token; HttpOnly; SameSite=Strict';
const SIG = 'authlab_access_sig=c2ln; Path=/; HttpOnly; SameSite=Lax';
const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln';

describe('the six cells', () => {
  it('are every mode × transport, once', () => {
    expect(new Set(MATRIX_CELLS.map((c) => `${c.mode}×${c.transport}`)).size).toBe(6);
  });
});

describe('jarOf', () => {
  it('keeps name, value, Path and HttpOnly; a cleared cookie is dropped', () => {
    const jar = jarOf([SESSION, REFRESH, 'authlab_access=x; Path=/; Max-Age=0', 'theme=dark; Path=/']);
    expect(jar).toEqual([
      { name: 'authlab_session', value: 'Fe26.2**abc', path: '/', httpOnly: true },
      { name: 'authlab_refresh', value: 'rt_123', path: '/api/token', httpOnly: true },
      { name: 'theme', value: 'dark', path: '/', httpOnly: false },
    ]);
  });

  it('a later Max-Age=0 for the same name and Path clears the earlier cookie', () => {
    expect(jarOf([SESSION, 'authlab_session=; Path=/; Max-Age=0'])).toEqual([]);
  });
});

describe('cookies attached by path', () => {
  it('path-matches at a / boundary only', () => {
    expect(pathMatches('/', '/api/me')).toBe(true);
    expect(pathMatches('/api/token', '/api/token')).toBe(true);
    expect(pathMatches('/api/token', '/api/token/revoke')).toBe(true);
    expect(pathMatches('/api/token', '/api/tokens')).toBe(false);
    expect(pathMatches('/api/token', '/api/me')).toBe(false);
  });

  it('names the credential cookies a request for a path gets, in either spelling, never the refresh cookie', () => {
    const jar = jarOf([SESSION, REFRESH, '__Host-authlab_access_sig=s; Path=/; Secure; HttpOnly', 'theme=dark; Path=/']);
    expect(credentialCookiesFor(jar, '/api/settings')).toEqual(['authlab_session', '__Host-authlab_access_sig']);
    expect(credentialCookiesFor(jarOf([REFRESH]), '/api/token/revoke')).toEqual([]);
  });

  it('the refresh cookie goes to /api/token/* only, before the broader cookies', () => {
    const jar = jarOf([SESSION, REFRESH]);
    expect(cookieHeaderFor(jar, '/api/me')).toBe('authlab_session=Fe26.2**abc');
    expect(cookieHeaderFor(jar, '/api/token/revoke')).toBe('authlab_refresh=rt_123; authlab_session=Fe26.2**abc');
  });
});

describe('readableByScript', () => {
  it('an HttpOnly cookie and a body without a credential leave a script nothing', () => {
    const readable = readableByScript({ jar: jarOf([SESSION]) });
    expect(readable.bearer).toBeUndefined();
    expect(readable.cookies).toEqual([]);
    expect(exfiltrationOutcome(readable, undefined)).toMatchObject({
      verdict: 'blocked',
      text: 'nothing readable: the credential cookie is HttpOnly',
    });
  });

  it('a body credential is readable; replayed alone and accepted, it got through', () => {
    const readable = readableByScript({ jar: jarOf([REFRESH]), bearer: JWT });
    expect(readable.bearer).toBe(JWT);
    const outcome = exfiltrationOutcome(readable, { request: 'GET /api/me', status: 200 });
    expect(outcome.verdict).toBe('through');
    expect(outcome.text).toBe('the whole JWT readable; replayed alone from elsewhere → 200');
    expect(outcome.evidence.at(-1)).toEqual({ request: 'GET /api/me', status: 200 });
  });

  it('one half of a split credential, refused alone, is blocked', () => {
    const readable = readableByScript({ jar: jarOf([SIG]), bearer: 'eyJh.eyJz' });
    const outcome = exfiltrationOutcome(readable, { request: 'GET /api/me', status: 401, code: 'invalid_token' });
    expect(outcome).toMatchObject({
      verdict: 'blocked',
      text: 'the header half (header.payload) readable; replayed alone from elsewhere → 401 invalid_token',
    });
  });

  it('a credential cookie without HttpOnly would be readable too', () => {
    const readable = readableByScript({ jar: jarOf(['authlab_session=abc; Path=/']) });
    expect(readable.cookies.map((c) => c.name)).toEqual(['authlab_session']);
    expect(exfiltrationOutcome(readable, { request: 'GET /api/me', status: 200 }).verdict).toBe('through');
  });
});

describe('describeBearer and bodyCredential', () => {
  it('names a bearer value by its form', () => {
    expect(describeBearer(JWT)).toBe('the whole JWT');
    expect(describeBearer('a.b')).toBe('the header half (header.payload)');
    expect(describeBearer('pair_x')).toBe('the header half (pair_…)');
    expect(describeBearer('sess_x')).toBe('the session token');
  });

  it('takes header_credential before access_token, and nothing from claims', () => {
    expect(bodyCredential({ header_credential: 'pair_x' })).toBe('pair_x');
    expect(bodyCredential({ access_token: JWT })).toBe(JWT);
    expect(bodyCredential({ claims: { sub: 'u' } })).toBeUndefined();
    expect(bodyCredential(null)).toBeUndefined();
  });
});

describe('bytes per request', () => {
  it('counts the Cookie and Authorization values as sent, in UTF-8 bytes', () => {
    const headers = pageHeaders({ jar: jarOf([SIG, REFRESH]), bearer: 'eyJh.eyJz' }, '/api/me');
    expect(headers).toEqual({ cookie: 'authlab_access_sig=c2ln', authorization: 'Bearer eyJh.eyJz' });
    expect(credentialBytes(headers)).toEqual({ cookie: 23, authorization: 16, total: 39 });
    expect(credentialBytes({ cookie: 'é' })).toEqual({ cookie: 2, authorization: 0, total: 2 });
    expect(bytesOutcome(headers, 'GET /api/me')).toMatchObject({ verdict: 'measure', text: '39 B' });
  });
});

describe('riding, CSRF and replay verdicts', () => {
  it('a 200 from the page is riding: it got through', () => {
    expect(ridingOutcome({ request: 'GET /api/me', status: 200 }, 'tmp-1')).toMatchObject({
      verdict: 'through',
      text: 'acts as tmp-1: 200',
    });
    expect(ridingOutcome({ request: 'GET /api/me', status: 401, code: 'x' }, 'tmp-1').verdict).toBe('blocked');
  });

  it('CSRF names what the browser attached and the answer', () => {
    const after = { request: 'GET /api/me', status: 200 };
    expect(csrfOutcome(['authlab_session'], { request: 'PATCH', status: 403, code: 'csrf_rejected' }, after)).toMatchObject({
      verdict: 'blocked',
      text: 'authlab_session attached; refused 403 csrf_rejected',
    });
    expect(csrfOutcome([], { request: 'PATCH', status: 401, code: 'unauthenticated' }, after).text).toBe(
      'nothing attached; refused 401 unauthenticated',
    );
    expect(csrfOutcome(['authlab_session'], { request: 'PATCH', status: 200 }, after).verdict).toBe('through');
    // The evidence says what a browser would add on its own, not only what the server did.
    expect(csrfOutcome([], { request: 'PATCH', status: 401 }, after).evidence.at(-1)?.request).toContain('SameSite=Lax');
  });

  it('a replay after sign-out says why, by mode and denylist', () => {
    const refused = { request: 'GET /api/me', status: 401, code: 'session_revoked' };
    expect(replayOutcome('session', false, [], refused).text).toBe('refused: 401 session_revoked (the session record is gone)');
    expect(replayOutcome('jwt', false, [], { request: 'GET /api/me', status: 200 })).toMatchObject({
      verdict: 'through',
      text: 'accepted: 200 (denylist off: valid until exp)',
    });
    expect(replayOutcome('jwt', true, [], { request: 'GET /api/me', status: 401, code: 'token_revoked' }).text).toBe(
      'refused: 401 token_revoked (denylist on: the jti is refused)',
    );
  });

  it('lookups are the figure the Server-Timing reported, or say it was not', () => {
    expect(lookupsOutcome(1, 'auth;dur=1', 'GET /api/me').text).toBe('1');
    expect(lookupsOutcome(undefined, null, 'GET /api/me').text).toBe('not reported');
  });
});

describe('matrixLines', () => {
  const row = (cell: MatrixCell): MatrixRow => ({ ...cell, user: 'tmp-1', outcomes: {} as MatrixRow['outcomes'] });

  it('starts with the user, then one line per cell in order, counting up to six', async () => {
    const lines = [];
    for await (const line of matrixLines('tmp-1', (cell) => Promise.resolve(row(cell)))) lines.push(line);
    expect(lines[0]).toEqual({ done: 0, total: 6, user: 'tmp-1' });
    expect(lines.slice(1).map((l) => ('row' in l ? `${l.done} ${l.row.mode}×${l.row.transport}` : 'other'))).toEqual(
      MATRIX_CELLS.map((c, i) => `${i + 1} ${c.mode}×${c.transport}`),
    );
  });

  it('a cell that fails ends the run with an error line naming the cell; no later cell is played', async () => {
    const played: string[] = [];
    const lines = [];
    const play = (cell: MatrixCell) => {
      played.push(`${cell.mode}×${cell.transport}`);
      return played.length === 2 ? Promise.reject(new Error('POST /api/session/login answered 503')) : Promise.resolve(row(cell));
    };
    for await (const line of matrixLines('tmp-1', play)) lines.push(line);
    expect(played).toEqual(['session×cookie', 'session×header']);
    expect(lines.at(-1)).toEqual({ error: { code: 'attack_failed', message: 'session × header: POST /api/session/login answered 503' } });
    expect(lines).toHaveLength(3);
  });
});
