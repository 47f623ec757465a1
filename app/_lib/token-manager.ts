// JWT mode in the browser: what the page holds of the access token in memory (the whole token, the
// split JWT's header.payload, or nothing when the token rides in its HttpOnly cookie), refreshed shortly before it expires and on a
// 401 `token_expired`, single-flight across tabs (Web Locks) with the result shared (BroadcastChannel),
// so ordinary use never trips refresh-token reuse detection. Runtime: browser.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { api, type ApiAnswer, type Lifetimes, type SignedInUser } from './api-client';
import { isTransport, type Transport } from './cell-credentials';
import { CLOCK_TOLERANCE, CLOCK_TOLERANCE_MS } from './credential-clock';

export interface TokenClaims {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export interface TokenState {
  /** Where the access token travels: the family's transport, as the server's answer says. */
  transport: Transport;
  /** What this page holds and sends as `Authorization: Bearer`: the token (header), header.payload (both), nothing (cookie). */
  bearer: string | null;
  /** The token's id: it changes with every new access token, in every cell. */
  jti: string;
  user: SignedInUser;
  issuedAt: number;
  expiresAt: number;
  /** When the HttpOnly refresh cookie runs out (the server says; the page can't read the cookie). */
  refreshExpiresAt: number;
  claims: TokenClaims;
  /** The server refused to renew it (not theft): the access token lives out its time, then the sign-in ends. */
  renewalRefused?: string;
}

export type TokenEvent = { kind: 'signed-in' | 'refreshed' | 'adopted' | 'signed-out' | 'refresh-failed' | 'expired'; text: string };

const LOCK = 'authlab-refresh';
const CHANNEL = 'authlab-token';

/** What the page shows of its own token; decoded, not verified (the server verifies every use). */
export function decodeToken(token: string): TokenClaims {
  return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
}

/**
 * The state from a token answer in any cell: the whole token (header), header.payload with the claims
 * (both), or the claims alone (cookie: the page never sees the token).
 */
export function stateFromBody(body: unknown, now = Date.now()): TokenState {
  const b = body as {
    access_token?: string;
    header_credential?: string;
    claims?: Record<string, unknown>;
    transport?: unknown;
    refresh_expires_in?: number;
  };
  const bearer = b.access_token ?? b.header_credential ?? null;
  const claims: TokenClaims = b.access_token
    ? decodeToken(b.access_token)
    : { header: bearer ? decodeProtectedHeader({ protected: bearer.split('.')[0] ?? '' }) : {}, payload: b.claims ?? {} };
  const p = claims.payload as { sub: string; preferred_username: string; role: 'admin' | 'member'; iat: number; exp: number; jti: string };
  return {
    transport: isTransport(b.transport) ? b.transport : 'header',
    bearer,
    jti: p.jti,
    user: { id: p.sub, username: p.preferred_username, role: p.role },
    issuedAt: p.iat * 1000,
    expiresAt: p.exp * 1000,
    refreshExpiresAt: now + (b.refresh_expires_in ?? 0) * 1000,
    claims,
  };
}

/** Refresh when a fifth of the lifetime is left, at least 2 s before expiry. */
export function refreshDueAt(state: Pick<TokenState, 'issuedAt' | 'expiresAt'>): number {
  const life = state.expiresAt - state.issuedAt;
  return state.expiresAt - Math.max(2_000, life / 5);
}

type Listener = (state: TokenState | null, event?: TokenEvent, answer?: ApiAnswer) => void;

export class TokenManager {
  private state: TokenState | null = null;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private auto = true;
  private channel: BroadcastChannel | undefined;
  private inFlight: Promise<boolean> | undefined;
  /** While a sign-out is under way no refresh starts: its answer could land after the revocation's and bring the token back. */
  private signingOut = false;

  /**
   * `adoptWhenSignedOut: false` (a `/compare` pane): a token another tab or pane refreshed is taken only while
   * this manager holds a sign-in, so a pane that never signed in doesn't show someone else's.
   */
  constructor(
    private readonly listener: Listener,
    private readonly options: { adoptWhenSignedOut?: boolean; transport?: Transport } = {},
  ) {
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = (event: MessageEvent<{ type: string; body?: unknown; transport?: unknown }>) => {
        // Each JWT cell has its own refresh cookie: news from another cell's manager (another pane) is not ours.
        const mine = this.cell;
        if (mine !== undefined && event.data.transport !== undefined && event.data.transport !== mine) return;
        if (event.data.type === 'token' && event.data.body && (this.state || this.options.adoptWhenSignedOut !== false)) {
          this.set(stateFromBody(event.data.body), { kind: 'adopted', text: 'Took the access token another tab just refreshed' });
        } else if (event.data.type === 'signed-out') {
          this.set(null, { kind: 'signed-out', text: 'Signed out in another tab' });
        }
      };
    }
  }

  /** The JWT cell this manager serves: fixed for a `/compare` pane, else the one it holds a token in (none before a sign-in). */
  private get cell(): Transport | undefined {
    return this.options.transport ?? this.state?.transport;
  }

  get current(): TokenState | null {
    return this.state;
  }

  get autoRefresh(): boolean {
    return this.auto;
  }

  /**
   * Off: no refresh before expiry and no retry on a 401, so the visitor can watch the access token
   * and then the refresh cookie run out. On again: a token already due is refreshed at once.
   */
  setAutoRefresh(on: boolean): void {
    this.auto = on;
    this.schedule();
  }

  dispose(): void {
    this.clearTimers();
    this.channel?.close();
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  private at(when: number, run: () => void): void {
    this.timers.push(setTimeout(run, Math.max(0, when - Date.now())));
  }

  private schedule(): void {
    this.clearTimers();
    const state = this.state;
    if (!state) return;
    if (state.renewalRefused !== undefined) {
      // Nothing can renew it: the sign-in ends when the server stops accepting the access token.
      this.at(state.expiresAt + CLOCK_TOLERANCE_MS, () => {
        if (this.state === state)
          this.set(null, {
            kind: 'expired',
            text: `Signed out: the access token expired (exp + the server's ${CLOCK_TOLERANCE} s clock tolerance) and could not be renewed (${state.renewalRefused})`,
          });
      });
      return;
    }
    if (this.auto) {
      this.at(refreshDueAt(state), () => void this.refresh('scheduled'));
      return;
    }
    // Without auto-refresh, each expiry is an event of its own, announced when it happens.
    const announce = (text: string) => {
      if (this.state === state) this.listener(state, { kind: 'expired', text });
    };
    if (state.expiresAt > Date.now()) {
      this.at(state.expiresAt, () =>
        announce(
          `Access token expired (exp passed): after the server's ${CLOCK_TOLERANCE} s clock tolerance, calls get 401 token_expired until a refresh`,
        ),
      );
    }
    if (state.refreshExpiresAt > Date.now()) {
      this.at(state.refreshExpiresAt, () =>
        announce('Refresh cookie expired: the browser dropped it, so the next refresh will be refused'),
      );
    }
  }

  private set(state: TokenState | null, event?: TokenEvent, answer?: ApiAnswer): void {
    this.state = state;
    this.schedule();
    this.listener(state, event, answer);
  }

  async signIn(username: string, password: string, lifetimes: Lifetimes, transport?: Transport): Promise<ApiAnswer> {
    const a = await api.tokenLogin(username, password, lifetimes, transport);
    if (a.status === 200)
      this.set(stateFromBody(a.body), { kind: 'signed-in', text: `Signed in as ${username}: access token and refresh cookie issued` }, a);
    return a;
  }

  /** Restores a sign-in from the refresh cookie (after a reload); quiet when there is none. */
  restore(): Promise<boolean> {
    return this.refresh('restore');
  }

  /**
   * Rotates the refresh token for a new access token. One tab at a time holds the lock; a tab that
   * was handed a fresh token while it waited does not refresh again.
   */
  refresh(reason: 'scheduled' | 'expired' | 'manual' | 'restore'): Promise<boolean> {
    if (this.signingOut) return Promise.resolve(false);
    this.inFlight ??= this.lockedRefresh(reason).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async lockedRefresh(reason: string): Promise<boolean> {
    const before = this.state?.jti;
    const work = async (): Promise<boolean> => {
      const fresh = this.state && this.state.jti !== before && Date.now() < refreshDueAt(this.state);
      if (fresh) return true;
      const a = await api.tokenRefresh(this.cell);
      if (a.status === 200) {
        this.set(stateFromBody(a.body), { kind: 'refreshed', text: `Refreshed (${reason}): refresh token rotated, new access token` }, a);
        this.channel?.postMessage({ type: 'token', body: a.body, transport: this.cell });
        return true;
      }
      if (reason === 'restore' && a.status === 401 && !this.state) return false;
      let message = (a.body as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${a.status}`;
      if (this.state && Date.now() >= this.state.refreshExpiresAt) {
        message += ` (the refresh cookie expired at ${new Date(this.state.refreshExpiresAt).toLocaleTimeString()})`;
      }
      const text = `Refresh refused (${a.errorCode ?? a.status}): ${message}`;
      // Theft detection ends the sign-in: its access token is dropped here (the server refuses it at once only
      // while the denylist check is on); any other refusal leaves the current access token its time.
      const stillAccepted = this.state && a.errorCode !== 'refresh_token_reused' && Date.now() < this.state.expiresAt + CLOCK_TOLERANCE_MS;
      if (a.status === 401 && stillAccepted && this.state)
        this.set({ ...this.state, renewalRefused: a.errorCode ?? String(a.status) }, { kind: 'refresh-failed', text }, a);
      else if (a.status === 401) this.set(null, { kind: 'refresh-failed', text }, a);
      else this.listener(this.state, { kind: 'refresh-failed', text: `Refresh failed (${a.status}): ${message}` }, a);
      return false;
    };
    // One lock per cell: two panes in different cells rotate different refresh cookies, so neither waits for the other.
    const lock = this.cell === undefined ? LOCK : `${LOCK}:${this.cell}`;
    return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request(lock, work) : work();
  }

  /**
   * Calls a protected route the way the cell carries the token (bearer, cookie, or both halves); with
   * auto-refresh on, an expired token is refreshed once and the call retried.
   */
  async call(path: string): Promise<ApiAnswer> {
    const send = () => api.me('jwt', this.state?.bearer ?? undefined, path, this.state?.transport);
    let a = await send();
    if (this.auto && a.errorCode === 'token_expired' && (await this.refresh('expired'))) a = await send();
    return a;
  }

  /**
   * Lets go of an access token this page can no longer use (the server judged its call as another cell).
   * Nothing is sent: the credential itself is left as it is.
   */
  forget(text: string): void {
    if (this.state) this.set(null, { kind: 'signed-out', text });
  }

  async signOut(everywhere = false): Promise<ApiAnswer> {
    // A refresh under way finishes first: otherwise its answer could bring back a token after the sign-out (or
    // be refused and report the revocation as its own failure), and the revocation would name the older token.
    if (this.inFlight) await this.inFlight;
    this.signingOut = true;
    this.clearTimers();
    // The whole token goes in the body when the page holds it; otherwise the request carries it (cookie, or both halves).
    const s = this.state;
    let a: ApiAnswer;
    try {
      a =
        s?.transport === 'header' || !s
          ? await api.tokenRevoke(s?.bearer ?? undefined, everywhere, undefined, this.cell)
          : await api.tokenRevoke(undefined, everywhere, s.bearer ?? undefined, this.cell);
    } catch (error) {
      this.signingOut = false;
      this.schedule();
      throw error;
    }
    this.signingOut = false;
    if (a.status !== 200) this.schedule();
    if (a.status === 200) {
      const cell = this.cell;
      this.set(
        null,
        { kind: 'signed-out', text: everywhere ? 'Signed out everywhere' : 'Signed out: refresh family ended, token denylisted' },
        a,
      );
      this.channel?.postMessage({ type: 'signed-out', transport: cell });
    }
    return a;
  }
}
