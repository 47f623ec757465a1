// The two cells `/compare` puts side by side (what the credential is × where it travels), read from and
// written to the URL (`?a=session-cookie&b=jwt-header`), and which pairs one browser can't hold at once.
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

/** The cell's session id (sealed) travels in the `authlab_session` cookie: cookie and "both" sessions. */
const usesSessionCookie = (cell: Cell) => cell.mode === 'session' && cell.transport !== 'header';
/** The cell's access token (whole or its signature) travels in a cookie: cookie and split JWTs. */
const usesAccessCookie = (cell: Cell) => cell.mode === 'jwt' && cell.transport !== 'header';

export type ClashKind = 'session-cookie' | 'refresh-cookie' | 'one-cookie-credential';

export interface Clash {
  kind: ClashKind;
  /** One or two sentences for a person: what the second sign-in would do to the first. */
  text: string;
}

/**
 * Why the two cells can't both be live in one browser, or null when they can. It follows what the
 * sign-in routes do: a browser has one session cookie and one refresh cookie, and a sign-in that puts
 * a credential in a cookie clears the other mode's cookie credential (the cookie reader would
 * otherwise take the session cookie for the request's credential).
 */
export function pairClash(a: Cell, b: Cell): Clash | null {
  if (a.mode === 'jwt' && b.mode === 'jwt') {
    return {
      kind: 'refresh-cookie',
      text:
        "Two JWTs can't both be live in one browser: every JWT sign-in sets the one refresh cookie (authlab_refresh, sent only to /api/token), " +
        "so the second sign-in replaces the first one's and the first pane could no longer refresh (and a header sign-in clears the access cookies of the cookie and split cells).",
    };
  }
  if (usesSessionCookie(a) && usesSessionCookie(b)) {
    return {
      kind: 'session-cookie',
      text: 'Both cells keep their session in the one session cookie (authlab_session): the second sign-in ends the first session in the store and overwrites the cookie.',
    };
  }
  if ((usesSessionCookie(a) && usesAccessCookie(b)) || (usesAccessCookie(a) && usesSessionCookie(b))) {
    return {
      kind: 'one-cookie-credential',
      text: "A session in a cookie and a JWT in a cookie can't share a browser: the server keeps one cookie credential per browser, so a session sign-in clears the access-token cookies and a JWT sign-in ends the session and clears its cookie.",
    };
  }
  return null;
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
