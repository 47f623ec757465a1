// Which JWT cell's refresh cookie a request to /api/token/* means: the `Authlab-Cell` header, else the
// latest sign-in among the refresh cookies present, else the only one. Runtime: edge and Node.
import { REFRESH_COOKIE_OF } from '../../http/cookie-names';
import { readCookie } from '../../http/cookies';
import { chooseCell, selectedCellOf, transportOf, type CellSlug } from './cell';
import { TRANSPORTS, type Transport } from './transport';

/** The transport of the JWT cell meant, `undefined` when no refresh cookie is present and none is named. */
export function refreshCell(request: Request, route: string): Transport | undefined {
  const selected = selectedCellOf(request, 'jwt', route);
  if (selected !== undefined) return transportOf(selected);
  const present = TRANSPORTS.filter((t) => readCookie(request, REFRESH_COOKIE_OF[t])).map((t) => `jwt-${t}` as CellSlug);
  const chosen = chooseCell(request, present);
  return chosen === undefined ? undefined : transportOf(chosen);
}
