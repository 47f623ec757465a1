// The two cells `/compare` puts side by side (what the credential is × where it travels), read from and
// written to the URL (`?a=session-cookie&b=jwt-header`), and the one kind of pair a browser can't hold:
// the same cookie-using cell twice.
// Runtime: browser (and tests). Pure: no storage, no requests.
import { DEFAULT_TRANSPORT, TRANSPORTS, isTransport, type CellMode, type Transport } from './cell-credentials';

export interface Cell {
  mode: CellMode;
  transport: Transport;
}

export type Side = 'a' | 'b';

/** Today's diagonal: the session id in its cookie against the JWT in its header. */
export const DEFAULT_CELLS: Readonly<Record<Side, Cell>> = {
  a: { mode: 'session', transport: DEFAULT_TRANSPORT.session },
  b: { mode: 'jwt', transport: DEFAULT_TRANSPORT.jwt },
};

export const CELL_MODES: readonly CellMode[] = ['session', 'jwt'];
export const CELL_MODE_NAMES: Record<CellMode, string> = { session: 'Session id', jwt: 'JWT' };

/** `session-cookie`, `jwt-both`: the cell's name in the URL. */
export const cellSlug = (cell: Cell): string => `${cell.mode}-${cell.transport}`;

/** A cell from its URL name; anything else (missing, misspelt, another case) is the fallback. */
export function parseCell(value: string | null | undefined, fallback: Cell): Cell {
  const match = /^(session|jwt)-([a-z]+)$/.exec(value ?? '');
  if (!match) return fallback;
  const [, mode, transport] = match;
  return (mode === 'session' || mode === 'jwt') && isTransport(transport) ? { mode, transport } : fallback;
}

/** Both panes' cells from the page's query; each side falls back to its default on its own. */
export function parseCells(params: Pick<URLSearchParams, 'get'>): Record<Side, Cell> {
  return { a: parseCell(params.get('a'), DEFAULT_CELLS.a), b: parseCell(params.get('b'), DEFAULT_CELLS.b) };
}

/** The query for a pair: both sides named, so a copied link shows the same two cells. */
export function cellsQuery(cells: Record<Side, Cell>): string {
  return `?a=${cellSlug(cells.a)}&b=${cellSlug(cells.b)}`;
}

/** "Session id in a cookie", "JWT in a header", "split JWT (both)": how the page names a cell. */
export function cellTitle(cell: Cell): string {
  if (cell.transport === 'both') return cell.mode === 'session' ? 'Double session id (cookie + header)' : 'Split JWT (cookie + header)';
  return `${CELL_MODE_NAMES[cell.mode]} in a ${cell.transport}`;
}

export type ClashKind = 'same-cookie-cell';

export interface Clash {
  kind: ClashKind;
  /** One or two sentences for a person: what the second sign-in would do to the first. */
  text: string;
}

/** The cookies a cell keeps its credential in (their names over plain HTTP; `__Host-`/`__Secure-` over HTTPS). */
const CELL_COOKIES: Record<CellMode, Record<Transport, readonly string[]>> = {
  session: { cookie: ['authlab_session'], header: [], both: ['authlab_session_both'] },
  jwt: {
    // Each refresh cookie with its companion (lib/auth/refresh-binding.ts): a second sign-in overwrites both.
    header: ['authlab_refresh', 'authlab_refresh_bind'],
    cookie: ['authlab_access', 'authlab_refresh_cookie', 'authlab_refresh_cookie_bind'],
    both: ['authlab_access_sig', 'authlab_refresh_both', 'authlab_refresh_both_bind'],
  },
};

export const cellCookies = (cell: Cell): readonly string[] => CELL_COOKIES[cell.mode][cell.transport];

/**
 * Why the two cells can't both be live in one browser, or null when they can. Every cell has cookies
 * of its own, so any two different cells can; the same cell twice can only when it uses no cookie
 * (the session token in a header). A browser holds one cookie per name: a second sign-in to the same
 * cell overwrites the first one's cookie (and ends its session, or orphans its refresh family).
 */
export function pairClash(a: Cell, b: Cell): Clash | null {
  if (a.mode !== b.mode || a.transport !== b.transport) return null;
  const cookies = cellCookies(a);
  if (cookies.length === 0) return null;
  const names = cookies.length > 1 ? `${cookies.slice(0, -1).join(', ')} and ${cookies.at(-1)}` : cookies.join('');
  const what =
    a.mode === 'session'
      ? 'the second sign-in ends the first session in the store and overwrites its cookie'
      : "the second sign-in overwrites the first one's refresh cookie, so the first pane's next refresh would rotate the second pane's refresh token (and the second's next refresh would then be refused as a reused token)";
  return {
    kind: 'same-cookie-cell',
    text: `Both panes are the same cell, which keeps its credential in ${names}: a browser holds one cookie of a name, so ${what}.`,
  };
}

/** Every cell, for the choice's options and for tests that walk all pairs. */
export const ALL_CELLS: readonly Cell[] = CELL_MODES.flatMap((mode) => TRANSPORTS.map((transport) => ({ mode, transport })));

/** The words a pane uses for how its calls carry the credential, in its timeline. */
export function carriedWords(cell: Cell): string {
  if (cell.mode === 'session') {
    return { cookie: 'the cookie', header: 'the bearer session token', both: 'the cookie and the header half' }[cell.transport];
  }
  return { header: 'the bearer token', cookie: 'the access-token cookie', both: 'both halves of the split JWT' }[cell.transport];
}
