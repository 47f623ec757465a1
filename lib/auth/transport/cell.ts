// Which cell of the matrix a request means when one browser holds credentials in several: the page's
// `Authlab-Cell` header, else the order of this browser's sign-ins (a small HttpOnly marker cookie), else
// the only one present. Runtime: edge and Node. The choice is never a credential: it only picks among the jar's own.
import { CELL_COOKIE } from '../../http/cookie-names';
import { isHttps, readCookie, serializeCookie } from '../../http/cookies';
import { AuthError } from '../../http/errors';
import type { Transport } from './transport';

export const CELLS = ['session-cookie', 'session-header', 'session-both', 'jwt-cookie', 'jwt-header', 'jwt-both'] as const;
export type CellSlug = (typeof CELLS)[number];
export type CellMode = 'session' | 'jwt';

/**
 * The request header a page names its cell with. Not `X-Authlab-…`: the middleware strips every
 * `x-authlab-*` header a client sends (those are its own identity stamps), and the handlers need this one.
 * A cross-site form can't set a header, and a cross-site script can't without passing CORS, which we don't allow.
 */
export const CELL_HEADER = 'authlab-cell';

/** The marker lives a long time: it holds no secret, and a stale entry only orders cells no longer present. */
const MARKER_MAX_AGE = 30 * 24 * 60 * 60;

export const cellOf = (mode: CellMode, transport: Transport): CellSlug => `${mode}-${transport}`;
export const isCell = (value: string): value is CellSlug => (CELLS as readonly string[]).includes(value);
export const transportOf = (cell: CellSlug): Transport => cell.slice(cell.indexOf('-') + 1) as Transport;
export const modeOf = (cell: CellSlug): CellMode => (cell.startsWith('jwt-') ? 'jwt' : 'session');

/** The cell the request's `Authlab-Cell` header names, `undefined` without one; any other value is a 400. */
export function selectedCell(request: Request): CellSlug | undefined {
  const value = request.headers.get(CELL_HEADER);
  if (value === null) return undefined;
  if (!isCell(value)) {
    throw new AuthError(
      'bad_request',
      `The Authlab-Cell header must name one cell: ${CELLS.join(', ')} (got ${JSON.stringify(value.slice(0, 40))}).`,
    );
  }
  return value;
}

/** The selected cell when it is of `mode`; a selection of the other mode is a 400 naming what this route serves. */
export function selectedCellOf(request: Request, mode: CellMode, route: string): CellSlug | undefined {
  const cell = selectedCell(request);
  if (cell !== undefined && modeOf(cell) !== mode) {
    throw new AuthError(
      'bad_request',
      `${route} serves the ${mode === 'jwt' ? 'JWT' : 'session'} cells; the Authlab-Cell header names ${cell}.`,
    );
  }
  return cell;
}

/** The cells this browser signed in to, latest first, as the marker lists them; a damaged marker lists none. */
export function signInOrder(request: Request): CellSlug[] {
  const raw = readCookie(request, CELL_COOKIE);
  if (!raw || raw.length > 128) return [];
  const cells = raw.split('.');
  return cells.every(isCell) ? [...new Set(cells)] : [];
}

/** The marker's `Set-Cookie` after a sign-in to `cell`: that cell first, the others after it in their order. */
export function markSignIn(request: Request, cell: CellSlug): string {
  const order = [cell, ...signInOrder(request).filter((c) => c !== cell)];
  return serializeCookie(CELL_COOKIE, order.join('.'), { path: '/', maxAge: MARKER_MAX_AGE, secure: isHttps(request), sameSite: 'lax' });
}

/**
 * Of the cells whose cookies the request carries (`present`, in the app's fixed order), the one it means
 * when it doesn't say: the latest sign-in among them, else the first. `undefined` when none is present.
 */
export function chooseCell<C extends CellSlug>(request: Request, present: readonly C[]): C | undefined {
  if (present.length <= 1) return present[0];
  const latest = signInOrder(request).find((cell): cell is C => (present as readonly CellSlug[]).includes(cell));
  return latest ?? present[0];
}
