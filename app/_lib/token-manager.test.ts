import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiAnswer } from './api-client';

const api = vi.hoisted(() => ({ tokenLogin: vi.fn(), tokenRefresh: vi.fn(), me: vi.fn(), tokenRevoke: vi.fn() }));
vi.mock('./api-client', () => ({ api }));

const { TokenManager, refreshDueAt } = await import('./token-manager');
const { CLOCK_TOLERANCE_MS } = await import('./credential-clock');
type Event = { kind: string; text: string };

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

/** A token answer as the server gives it: access 6 s, refresh cookie 40 s (the `fast` lifetimes). */
function tokenAnswer(n: number, now = Date.now()): ApiAnswer {
  const iat = Math.floor(now / 1000);
  const payload = { sub: 'u_alice', preferred_username: 'alice', role: 'admin', iat, exp: iat + 6, jti: `t${n}` };
  return {
    status: 200,
    body: { access_token: `${b64({ alg: 'ES256', kid: 'k1' })}.${b64(payload)}.sig${n}`, refresh_expires_in: 40 },
    serverTiming: null,
    errorCode: undefined,
  };
}
const refused = (code: string, message: string): ApiAnswer => ({
  status: 401,
  body: { error: { code, message } },
  serverTiming: null,
  errorCode: code,
});

function manager() {
  const events: Event[] = [];
  const m = new TokenManager((_state, event) => {
    if (event) events.push(event);
  });
  return { m, events, kinds: () => events.map((e) => e.kind) };
}

describe('TokenManager', () => {
  let issued = 0;
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    issued = 0;
    api.tokenLogin.mockImplementation(async () => tokenAnswer(++issued));
    api.tokenRefresh.mockImplementation(async () => tokenAnswer(++issued));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.resetAllMocks();
  });

  it('refreshes a fifth of the lifetime before expiry, at least 2 s before', () => {
    expect(refreshDueAt({ issuedAt: 0, expiresAt: 6_000 })).toBe(4_000);
    expect(refreshDueAt({ issuedAt: 0, expiresAt: 100_000 })).toBe(80_000);
  });

  it('with auto-refresh on, refreshes before the access token expires', async () => {
    const { m, kinds } = manager();
    await m.signIn('alice', 'pw', 'default');
    await vi.advanceTimersByTimeAsync(3_999);
    expect(api.tokenRefresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(api.tokenRefresh).toHaveBeenCalledTimes(1);
    expect(kinds()).toEqual(['signed-in', 'refreshed']);
    expect(m.current?.claims.payload.jti).toBe('t2');
    m.dispose();
  });

  it('with auto-refresh off, never refreshes by itself and announces each expiry when it happens', async () => {
    const { m, events, kinds } = manager();
    m.setAutoRefresh(false);
    await m.signIn('alice', 'pw', 'default');
    await vi.advanceTimersByTimeAsync(5_999);
    expect(kinds()).toEqual(['signed-in']);
    await vi.advanceTimersByTimeAsync(1);
    expect(events.at(-1)?.text).toContain('Access token expired');
    await vi.advanceTimersByTimeAsync(34_000);
    expect(events.at(-1)?.text).toContain('Refresh cookie expired');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(kinds()).toEqual(['signed-in', 'expired', 'expired']);
    expect(api.tokenRefresh).not.toHaveBeenCalled();
    expect(m.current).not.toBeNull();
    m.dispose();
  });

  it('with auto-refresh off, a 401 token_expired is handed back instead of retried', async () => {
    api.me.mockResolvedValue(refused('token_expired', 'The access token has expired.'));
    const { m } = manager();
    m.setAutoRefresh(false);
    await m.signIn('alice', 'pw', 'default');
    await vi.advanceTimersByTimeAsync(12_000);
    expect((await m.call('/api/me')).errorCode).toBe('token_expired');
    expect(api.me).toHaveBeenCalledTimes(1);
    expect(api.tokenRefresh).not.toHaveBeenCalled();
    m.dispose();
  });

  it('with auto-refresh on, a 401 token_expired is refreshed once and retried', async () => {
    api.me
      .mockResolvedValueOnce(refused('token_expired', 'expired'))
      .mockResolvedValueOnce({ status: 200, body: {}, serverTiming: null, errorCode: undefined });
    const { m } = manager();
    await m.signIn('alice', 'pw', 'default');
    expect((await m.call('/api/me')).status).toBe(200);
    expect(api.tokenRefresh).toHaveBeenCalledTimes(1);
    expect(api.me.mock.calls[1]?.[1]).toBe(m.current?.bearer);
    m.dispose();
  });

  it('switching auto-refresh back on refreshes a token that is already due', async () => {
    const { m, kinds } = manager();
    m.setAutoRefresh(false);
    await m.signIn('alice', 'pw', 'default');
    await vi.advanceTimersByTimeAsync(10_000);
    m.setAutoRefresh(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.tokenRefresh).toHaveBeenCalledTimes(1);
    expect(kinds()).toEqual(['signed-in', 'expired', 'refreshed']);
    m.dispose();
  });

  it('a refusal after the refresh cookie ran out signs out and says it expired', async () => {
    api.tokenRefresh.mockResolvedValue(refused('unauthenticated', 'There is no refresh token cookie; sign in first.'));
    const { m, events } = manager();
    m.setAutoRefresh(false);
    await m.signIn('alice', 'pw', 'default');
    await vi.advanceTimersByTimeAsync(41_000);
    expect(await m.refresh('manual')).toBe(false);
    expect(m.current).toBeNull();
    expect(events.at(-1)).toMatchObject({ kind: 'refresh-failed' });
    expect(events.at(-1)?.text).toContain('Refresh refused (unauthenticated)');
    expect(events.at(-1)?.text).toContain('the refresh cookie expired at');
    m.dispose();
  });

  it('a refused renewal (not theft) keeps the access token for its time, then signs out at exp + the clock tolerance', async () => {
    api.tokenRefresh.mockResolvedValue(refused('refresh_token_expired', 'The refresh token has expired.'));
    const { m, events, kinds } = manager();
    await m.signIn('alice', 'pw', 'default');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(api.tokenRefresh).toHaveBeenCalledTimes(1);
    expect(m.current?.renewalRefused).toBe('refresh_token_expired');
    // No second try: the refusal stands until the token is gone.
    await vi.advanceTimersByTimeAsync(2_000 + CLOCK_TOLERANCE_MS - 1);
    expect(api.tokenRefresh).toHaveBeenCalledTimes(1);
    expect(m.current).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(m.current).toBeNull();
    expect(kinds()).toEqual(['signed-in', 'refresh-failed', 'expired']);
    expect(events.at(-1)?.text).toContain(`${CLOCK_TOLERANCE_MS / 1000} s clock tolerance`);
    m.dispose();
  });

  it('refresh-token reuse (theft) ends the sign-in at once', async () => {
    api.tokenRefresh.mockResolvedValue(refused('refresh_token_reused', 'A refresh token was used twice.'));
    const { m } = manager();
    await m.signIn('alice', 'pw', 'default');
    expect(await m.refresh('manual')).toBe(false);
    expect(m.current).toBeNull();
    m.dispose();
  });
});

describe('TokenManager in the cookie and split cells', () => {
  /** The answer of a JWT sign-in or refresh in `transport`, as the server shapes it (see access-cookies.ts). */
  function cellAnswer(transport: 'cookie' | 'both', n: number): ApiAnswer {
    const iat = Math.floor(Date.now() / 1000);
    const claims = { sub: 'u_bob', preferred_username: 'bob', role: 'member', iat, exp: iat + 6, jti: `c${n}` };
    const body =
      transport === 'cookie'
        ? { expires_in: 6, transport, claims, refresh_expires_in: 40 }
        : {
            header_credential: `${b64({ alg: 'ES256', kid: 'k1' })}.${b64(claims)}`,
            token_type: 'Bearer',
            expires_in: 6,
            transport,
            claims,
            refresh_expires_in: 40,
          };
    return { status: 200, body, serverTiming: null, errorCode: undefined };
  }
  const ok: ApiAnswer = { status: 200, body: {}, serverTiming: null, errorCode: undefined };

  beforeEach(() => vi.useFakeTimers({ now: T0 }));
  afterEach(() => {
    vi.useRealTimers();
    vi.resetAllMocks();
  });

  it('cookie: holds no bearer, only the claims; calls carry the cookie; sign-out names no token', async () => {
    api.tokenLogin.mockResolvedValue(cellAnswer('cookie', 1));
    api.me.mockResolvedValue(ok);
    api.tokenRevoke.mockResolvedValue(ok);
    const { m } = manager();
    await m.signIn('bob', 'pw', 'default', 'cookie');
    expect(api.tokenLogin).toHaveBeenCalledWith('bob', 'pw', 'default', 'cookie');
    expect(m.current).toMatchObject({ transport: 'cookie', bearer: null, jti: 'c1', user: { username: 'bob', role: 'member' } });
    expect(m.current?.claims.header).toEqual({});
    await m.call('/api/me');
    expect(api.me).toHaveBeenCalledWith('jwt', undefined, '/api/me', 'cookie');
    await m.signOut();
    expect(api.tokenRevoke).toHaveBeenCalledWith(undefined, false, undefined, 'cookie');
    expect(m.current).toBeNull();
    m.dispose();
  });

  it('both: holds header.payload, decodes its header; sign-out sends the half as the bearer; a refresh keeps the cell', async () => {
    api.tokenLogin.mockResolvedValue(cellAnswer('both', 1));
    api.tokenRefresh.mockResolvedValue(cellAnswer('both', 2));
    api.tokenRevoke.mockResolvedValue(ok);
    const { m } = manager();
    await m.signIn('bob', 'pw', 'default', 'both');
    const half = m.current?.bearer ?? '';
    expect(half.split('.')).toHaveLength(2);
    expect(m.current?.claims.header).toEqual({ alg: 'ES256', kid: 'k1' });
    await m.refresh('manual');
    // The refresh names the cell: each JWT cell has its own refresh cookie.
    expect(api.tokenRefresh).toHaveBeenCalledWith('both');
    expect(m.current).toMatchObject({ transport: 'both', jti: 'c2' });
    const refreshedHalf = m.current?.bearer;
    expect(refreshedHalf).not.toBe(half);
    await m.signOut(true);
    expect(api.tokenRevoke).toHaveBeenCalledWith(undefined, true, refreshedHalf, 'both');
    m.dispose();
  });

  it('forget lets go of the token without a call', async () => {
    api.tokenLogin.mockResolvedValue(cellAnswer('cookie', 1));
    const { m, kinds } = manager();
    await m.signIn('bob', 'pw', 'default', 'cookie');
    m.forget('replaced');
    expect(m.current).toBeNull();
    expect(kinds()).toEqual(['signed-in', 'signed-out']);
    expect(api.tokenRevoke).not.toHaveBeenCalled();
    m.dispose();
  });
});

describe('TokenManager across tabs and panes (BroadcastChannel)', () => {
  afterEach(() => vi.resetAllMocks());

  it('a signed-out manager adopts a token refreshed elsewhere, unless told not to (a /compare pane that never signed in)', async () => {
    api.tokenLogin.mockResolvedValue(tokenAnswer(1));
    api.tokenRefresh.mockResolvedValue(tokenAnswer(2));
    api.tokenRevoke.mockResolvedValue({ status: 200, body: {}, serverTiming: null, errorCode: undefined });
    const refresher = manager();
    const tab = manager();
    const paneEvents: Event[] = [];
    const pane = new TokenManager(
      (_state, event) => {
        if (event) paneEvents.push(event);
      },
      { adoptWhenSignedOut: false },
    );
    await refresher.m.signIn('alice', 'pw', 'default');
    await refresher.m.refresh('manual');
    await vi.waitFor(() => expect(tab.m.current?.jti).toBe('t2'));
    // Messages are delivered in order: a later one reaching the pane shows the token message was seen and ignored.
    await refresher.m.signOut();
    await vi.waitFor(() => expect(paneEvents.map((e) => e.kind)).toEqual(['signed-out']));
    expect(pane.current).toBeNull();
    for (const m of [refresher.m, tab.m, pane]) m.dispose();
  });
});

describe('TokenManager: two JWT cells side by side (each with its own refresh cookie)', () => {
  afterEach(() => vi.resetAllMocks());

  const cellAnswerOf = (transport: 'header' | 'cookie', n: number): ApiAnswer => {
    const a = tokenAnswer(n);
    const body = a.body as { access_token: string; refresh_expires_in: number };
    if (transport === 'header') return { ...a, body: { ...body, transport } };
    const payload = JSON.parse(Buffer.from(body.access_token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    return { ...a, body: { claims: payload, transport, refresh_expires_in: 40 } };
  };

  it("a pane takes no token or sign-out from another cell's pane, but a same-cell manager (another tab) does", async () => {
    const events = { header: [] as Event[], cookie: [] as Event[], tab: [] as Event[] };
    const make = (key: keyof typeof events, transport: 'header' | 'cookie') =>
      new TokenManager((_s, event) => void (event && events[key].push(event)), { adoptWhenSignedOut: false, transport });
    const header = make('header', 'header');
    const cookie = make('cookie', 'cookie');
    const cookieTab = make('tab', 'cookie');
    api.tokenLogin
      .mockResolvedValueOnce(cellAnswerOf('header', 1))
      .mockResolvedValueOnce(cellAnswerOf('cookie', 2))
      .mockResolvedValueOnce(cellAnswerOf('cookie', 2));
    await header.signIn('alice', 'pw', 'default', 'header');
    await cookie.signIn('alice', 'pw', 'default', 'cookie');
    await cookieTab.signIn('alice', 'pw', 'default', 'cookie');
    api.tokenRefresh.mockResolvedValueOnce(cellAnswerOf('header', 3));
    await header.refresh('manual');
    expect(api.tokenRefresh).toHaveBeenLastCalledWith('header');
    api.tokenRefresh.mockResolvedValueOnce(cellAnswerOf('cookie', 4));
    await cookie.refresh('manual');
    expect(api.tokenRefresh).toHaveBeenLastCalledWith('cookie');
    // The same-cell tab adopts the cookie pane's refresh; the header pane keeps its own token.
    await vi.waitFor(() => expect(cookieTab.current?.jti).toBe('t4'));
    expect(header.current?.jti).toBe('t3');
    api.tokenRevoke.mockResolvedValue({ status: 200, body: {}, serverTiming: null, errorCode: undefined });
    await header.signOut();
    expect(api.tokenRevoke).toHaveBeenLastCalledWith(expect.stringMatching(/sig3$/), false, undefined, 'header');
    await cookie.signOut();
    await vi.waitFor(() => expect(cookieTab.current).toBeNull());
    // The header pane's sign-out reached neither cookie manager before the cookie pane's own; the header pane saw none of theirs.
    expect(events.tab.map((e) => e.kind)).toEqual(['signed-in', 'adopted', 'signed-out']);
    expect(events.header.map((e) => e.kind)).toEqual(['signed-in', 'refreshed', 'signed-out']);
    for (const m of [header, cookie, cookieTab]) m.dispose();
  });
});

describe('TokenManager sign-out during a refresh', () => {
  afterEach(() => vi.resetAllMocks());

  it('waits for the refresh under way, then revokes the newest token: no refresh answer lands after the sign-out', async () => {
    api.tokenLogin.mockResolvedValue(tokenAnswer(1));
    let answer: (a: ApiAnswer) => void = () => {};
    api.tokenRefresh.mockImplementation(() => new Promise<ApiAnswer>((resolve) => (answer = resolve)));
    api.tokenRevoke.mockResolvedValue({ status: 200, body: {}, serverTiming: null, errorCode: undefined });
    const { m, kinds } = manager();
    await m.signIn('alice', 'pw', 'default');
    const refreshing = m.refresh('manual');
    const signingOut = m.signOut();
    await Promise.resolve();
    expect(api.tokenRevoke).not.toHaveBeenCalled();
    const fresh = tokenAnswer(2);
    answer(fresh);
    await Promise.all([refreshing, signingOut]);
    expect(api.tokenRevoke).toHaveBeenCalledWith((fresh.body as { access_token: string }).access_token, false, undefined, 'header');
    expect(m.current).toBeNull();
    expect(kinds()).toEqual(['signed-in', 'refreshed', 'signed-out']);
    m.dispose();
  });
});

describe('TokenManager: no refresh starts while signing out', () => {
  beforeEach(() => vi.useFakeTimers({ now: T0 }));
  afterEach(() => {
    vi.useRealTimers();
    vi.resetAllMocks();
  });

  it('a refresh falling due during the revocation is not sent, and nothing brings the token back', async () => {
    api.tokenLogin.mockResolvedValue(tokenAnswer(1));
    api.tokenRefresh.mockResolvedValue(tokenAnswer(2));
    let answer: (a: ApiAnswer) => void = () => {};
    api.tokenRevoke.mockImplementation(() => new Promise<ApiAnswer>((resolve) => (answer = resolve)));
    const { m, kinds } = manager();
    await m.signIn('alice', 'pw', 'default');
    const signingOut = m.signOut();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(await m.refresh('manual')).toBe(false);
    expect(api.tokenRefresh).not.toHaveBeenCalled();
    answer({ status: 200, body: {}, serverTiming: null, errorCode: undefined });
    await signingOut;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(m.current).toBeNull();
    expect(api.tokenRefresh).not.toHaveBeenCalled();
    expect(kinds()).toEqual(['signed-in', 'signed-out']);
    m.dispose();
  });

  it('a refused sign-out keeps the sign-in and its refresh schedule', async () => {
    api.tokenLogin.mockResolvedValue(tokenAnswer(1));
    let n = 1;
    api.tokenRefresh.mockImplementation(async () => tokenAnswer(++n));
    api.tokenRevoke.mockResolvedValue({ status: 503, body: {}, serverTiming: null, errorCode: 'store_unavailable' });
    const { m } = manager();
    await m.signIn('alice', 'pw', 'default');
    await m.signOut();
    expect(m.current?.jti).toBe('t1');
    // Due 4 s after sign-in (a fifth of 6 s before exp).
    await vi.advanceTimersByTimeAsync(4_100);
    expect(api.tokenRefresh).toHaveBeenCalledTimes(1);
    m.dispose();
  });
});
