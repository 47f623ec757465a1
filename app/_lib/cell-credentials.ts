// The six cells on `/` (what the credential is × where it travels) as the page sees them: how a call
// carries what the page holds, what that value is, and the inspector's two lists (what the page's
// script can read, what only the browser holds). Runtime: browser (and tests). It never stores a credential.

export type Transport = 'cookie' | 'header' | 'both';
/** The modes with a "Carried in" choice; Hybrid keeps its fixed design (cookie outside, JWT inside). */
export type CellMode = 'session' | 'jwt';

export const TRANSPORTS: readonly Transport[] = ['cookie', 'header', 'both'];
export const TRANSPORT_NAMES: Record<Transport, string> = { cookie: 'Cookie', header: 'Header', both: 'Both' };
/** Today's behaviour per mode, and what a mode uses until the visitor chooses otherwise. */
export const DEFAULT_TRANSPORT: Record<CellMode, Transport> = { session: 'cookie', jwt: 'header' };

export const isTransport = (value: unknown): value is Transport => value === 'cookie' || value === 'header' || value === 'both';

/**
 * How one call carries a cell's credential: the bearer value the page holds (in memory only), and
 * whether the browser's cookies go along. "Both" sends both halves; "header" leaves the cookies out.
 */
export interface Carry {
  bearer: string | null;
  cookies: boolean;
  /**
   * The cell the call is for (`jwt-cookie`), sent as the `Authlab-Cell` header: one browser may hold a
   * credential in several cells at once, and a cookie alone doesn't say whose it is. Not a credential.
   */
  cell?: string;
}

/** The request header that names the cell (the server's `CELL_HEADER`). */
export const CELL_HEADER = 'Authlab-Cell';

/** How a call carries the cell's credential; with `mode`, it also names its cell, so the server reads that cell's cookies. */
export function carryOf(transport: Transport, bearer: string | null | undefined, mode?: CellMode): Carry {
  return {
    bearer: transport === 'cookie' ? null : (bearer ?? null),
    cookies: transport !== 'header',
    ...(mode ? { cell: `${mode}-${transport}` } : {}),
  };
}

/** The cookie cells: the cookie alone, as before transports existed. */
export const COOKIE_CARRY: Carry = { bearer: null, cookies: true };

/** Fetch options whose headers are a plain object (a `Headers` instance would be lost when spread). */
export type CallInit = Omit<RequestInit, 'headers'> & { headers?: Record<string, string> };

/** The fetch options for a call that carries `carry` (other headers kept, as a plain object callers can spread). */
export function carryInit(
  carry: Carry,
  init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
): RequestInit & {
  headers: Record<string, string>;
} {
  const headers: Record<string, string> = { ...init.headers };
  if (carry.bearer) headers.Authorization = `Bearer ${carry.bearer}`;
  if (carry.cell) headers[CELL_HEADER] = carry.cell;
  return { ...init, headers, credentials: carry.cookies ? 'same-origin' : 'omit' };
}

/** What a bearer value the page holds is, by its form (as the server's `bearerForm` judges it; a unit test keeps them equal). */
export type HeldForm = 'jwt' | 'split-jwt' | 'session-token' | 'session-pair';
export const SESSION_TOKEN_PREFIX = 'sess_';
export const SESSION_PAIR_PREFIX = 'pair_';

export function heldForm(value: string): HeldForm | null {
  const parts = value.split('.').length;
  if (parts === 3) return 'jwt';
  if (parts === 2) return 'split-jwt';
  if (value.startsWith(SESSION_TOKEN_PREFIX)) return 'session-token';
  if (value.startsWith(SESSION_PAIR_PREFIX)) return 'session-pair';
  return null;
}

const HELD_NAMES: Record<HeldForm, string> = {
  jwt: 'the whole access token (JWT)',
  'split-jwt': "header.payload of the split JWT (the signature isn't here)",
  'session-token': 'the session token (the session id itself)',
  'session-pair': "the double session id's header half",
};

/** A cookie the server says this browser carried: by name and size, never its value. */
export interface HeldCookie {
  name: string;
  bytes: number;
  path: string;
}

export interface ScriptItem {
  what: string;
  /** The start of the value, enough to recognise it; the whole value is in memory. */
  preview: string;
  bytes: number;
  /** A credential (or part of one) that goes out as `Authorization: Bearer`; the claims copy is none. */
  credential: boolean;
}

export interface HttpOnlyItem extends HeldCookie {
  /** Whether `document.cookie` shows it: an HttpOnly cookie never appears there. */
  readableByScript: boolean;
}

export interface CellLists {
  script: ScriptItem[];
  httpOnly: HttpOnlyItem[];
}

/** The names `document.cookie` shows this page's script (the HttpOnly ones are never among them). */
export function scriptCookieNames(documentCookie: string): string[] {
  return documentCookie
    .split(';')
    .map((part) => part.split('=')[0]?.trim() ?? '')
    .filter((name) => name !== '');
}

const PREVIEW = 16;

/**
 * The inspector's two lists, from what the page holds (the bearer value in memory, a copy of the claims
 * the server sent) and what the server saw the browser send (its cookies), checked against `document.cookie`.
 */
export function cellLists(
  held: { bearer: string | null; claims?: Record<string, unknown> | undefined },
  cookies: readonly HeldCookie[],
  documentCookie: string,
): CellLists {
  const script: ScriptItem[] = [];
  if (held.bearer) {
    const form = heldForm(held.bearer);
    script.push({
      what: `${form ? HELD_NAMES[form] : 'a bearer value'}, sent as Authorization: Bearer`,
      preview: held.bearer.length > PREVIEW ? `${held.bearer.slice(0, PREVIEW)}…` : held.bearer,
      bytes: held.bearer.length,
      credential: true,
    });
  }
  if (held.claims && !(held.bearer && heldForm(held.bearer) === 'jwt')) {
    const text = JSON.stringify(held.claims);
    script.push({
      what: "the token's claims, a copy the server put in the answer (not a credential: nothing accepts it)",
      preview: text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text,
      bytes: text.length,
      credential: false,
    });
  }
  const readable = new Set(scriptCookieNames(documentCookie));
  return { script, httpOnly: cookies.map((c) => ({ ...c, readableByScript: readable.has(c.name) })) };
}

/**
 * A non-secret note that this tab held a header-carried credential (sessionStorage: the cell and the
 * user, never the credential), so that after a reload the page can say the credential is gone
 * instead of silently showing "not signed in".
 */
export interface HeldNote {
  mode: CellMode;
  transport: Transport;
  username: string;
}

const NOTE_KEY = 'authlab:held-in-memory';

/** `key`: another page with credentials of its own (each `/compare` pane) keeps its note apart from `/`'s. */
export function writeHeldNote(storage: Pick<Storage, 'setItem' | 'removeItem'>, note: HeldNote | null, key = NOTE_KEY): void {
  if (note) storage.setItem(key, JSON.stringify(note));
  else storage.removeItem(key);
}

export function readHeldNote(storage: Pick<Storage, 'getItem'>, key = NOTE_KEY): HeldNote | null {
  try {
    const note = JSON.parse(storage.getItem(key) ?? 'null') as Partial<HeldNote> | null;
    if (!note || (note.mode !== 'session' && note.mode !== 'jwt') || !isTransport(note.transport) || typeof note.username !== 'string')
      return null;
    return { mode: note.mode, transport: note.transport, username: note.username };
  } catch {
    return null;
  }
}

/** How the sign-in notice names what the visitor got (the defaults keep their short, familiar words). */
const SIGNED_IN_WITH: Record<CellMode, Record<Transport, string>> = {
  session: {
    cookie: 'a session cookie',
    header: 'a session token carried in the Authorization header',
    both: 'a double session id (an HttpOnly cookie and a header half)',
  },
  jwt: {
    header: 'a JWT',
    cookie: 'a JWT in an HttpOnly cookie',
    both: 'a split JWT (header.payload in this page, the signature in an HttpOnly cookie)',
  },
};

export function signedInWith(mode: CellMode, transport: Transport): string {
  return SIGNED_IN_WITH[mode][transport];
}

/** What a reload took from a header-carried session, said plainly: this page is not signed in any more. */
export function goneText(note: HeldNote): string {
  const what = note.transport === 'both' ? 'The header half of your double session id' : 'Your session token';
  const left =
    note.transport === 'both'
      ? ' The browser may still hold the HttpOnly cookie half, but alone it is refused (401).'
      : ' The session itself stays in the store until its idle timeout; Sign out everywhere from another sign-in ends it now.';
  return `${what} (signed in as ${note.username}, carried in ${TRANSPORT_NAMES[note.transport]}) lived in this page's memory only and is gone after the reload: sign in again.${left}`;
}

/** What a session sign-in answer gave this page to hold: the transport the server names and the header credential, if any. */
export function sessionCell(body: unknown): { transport: Transport; bearer: string | null } {
  const b = (body ?? {}) as { transport?: unknown; header_credential?: unknown };
  return {
    transport: isTransport(b.transport) ? b.transport : 'cookie',
    bearer: typeof b.header_credential === 'string' ? b.header_credential : null,
  };
}

/** After a reload in a JWT header cell: what was lost, and what the refresh cookie brought back. */
export function restoredText(transport: Exclude<Transport, 'cookie'>): string {
  const what = transport === 'both' ? 'header half' : 'access token';
  return `After the reload: the ${what} lived in this page's memory and was gone; the refresh cookie brought a new one.`;
}
