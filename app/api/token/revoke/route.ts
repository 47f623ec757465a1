// POST /api/token/revoke {token?, everywhere?}: ends the refresh family of the cookie and the one the
// given access token was minted from (its `sid`), denylists the given access token's jti, and with
// `everywhere` ends every family of the user and refuses every access token issued before now (while
// the denylist check is on). Without `token`, the access token the request carries in a cookie
// (whole, or split with its header.payload as bearer) is the one. A credential already taken back (a
// revoked access token, a rotated or ended refresh token) speaks for nobody: it never signs out everywhere.
// Nor does a refresh cookie without its `__Host-` companion (refresh-binding.ts): it is not used, and is cleared.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { denyToken, revocationOf, revocationSubject, revokedTokenError } from '@/lib/auth/denylist';
import { verifyToken } from '@/lib/auth/jwt';
import { getKeyRing } from '@/lib/auth/keys';
import { ownerOf, revokeFamily } from '@/lib/auth/refresh';
import { requestBindsFamily, unboundRefresh, unboundRefreshClears } from '@/lib/auth/refresh-binding';
import { signOutEverywhere } from '@/lib/auth/sign-out-everywhere';
import { clearedRefreshCookies, refusedRefreshCookies } from '@/lib/auth/token-http';
import { clearedAccessCookies } from '@/lib/auth/transport/access-cookies';
import { selectedCellOf, transportOf } from '@/lib/auth/transport/cell';
import { readCredential } from '@/lib/auth/transport/credential';
import { refreshCell } from '@/lib/auth/transport/refresh-cell';
import type { Transport } from '@/lib/auth/transport/transport';
import { REFRESH_COOKIE_OF } from '@/lib/http/cookie-names';
import { getConfig } from '@/lib/config';
import { readCookie } from '@/lib/http/cookies';
import { AuthError } from '@/lib/http/errors';
import { json, readJson, route } from '@/lib/http/route';
import { z } from 'zod';

const Body = z.object({
  token: z.string().min(1).max(4096).optional(),
  everywhere: z.boolean().optional(),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const config = getConfig();
    const hasBody = (request.headers.get('content-length') ?? '0') !== '0' || request.headers.has('content-type');
    const body = hasBody ? await readJson(request, Body) : { token: undefined, everywhere: undefined };
    const { everywhere } = body;
    // The cell whose cookies this sign-out ends: named by the page, else the cell of the carried token being
    // revoked (when the body names none), else the latest JWT sign-in among the refresh cookies present.
    // Other cells' cookies stay.
    const selected = selectedCellOf(request, 'jwt', 'POST /api/token/revoke');
    const carried = body.token === undefined ? carriedAccessToken(request) : undefined;
    const cell = selected !== undefined ? transportOf(selected) : (carried?.transport ?? refreshCell(request, 'POST /api/token/revoke'));
    const token = body.token ?? carried?.token;
    let denylisted: string | null = null;
    let tokenUser: string | undefined;
    /** The sign-in (refresh family) the given token was minted from: revoking a token ends its own sign-in too. */
    let tokenFamily: string | undefined;
    /** Why the given token can't act for its user: already revoked, judged as introspection judges it. */
    let tokenRevoked: AuthError | undefined;
    if (token) {
      // Only a token this app signed can be denylisted; an expired one needs no entry.
      try {
        const { identity } = await verifyToken(token, { ring: await getKeyRing(config), config });
        // A revoked token (its jti, its family, its user's cut-off), whatever the denylist setting, speaks
        // for nobody: the copy a thief kept after the user took it back can't end the user's new sign-ins.
        const revoked = identity.token
          ? await revocationOf(config.issuer, revocationSubject({ ...identity, token: identity.token }))
          : undefined;
        if (revoked) tokenRevoked = revokedTokenError(revoked);
        else {
          tokenUser = identity.user.id;
          tokenFamily = identity.token?.sid;
          if (identity.token) {
            await denyToken(config.issuer, identity.token.jti, Date.parse(identity.token.expiresAt));
            denylisted = identity.token.jti;
          }
        }
      } catch (error) {
        if (!(error instanceof AuthError) || error.code !== 'token_expired') throw error;
      }
    }
    const refresh = cell === undefined ? undefined : readCookie(request, REFRESH_COOKIE_OF[cell]);
    const known = refresh ? await ownerOf(refresh) : undefined;
    // A refresh cookie not bound to this browser (tossed in by a sibling host?) is the attacker's or a stray: it acts
    // for nobody and its family is left alone. With a live access token the sign-out goes on without it.
    const unbound = cell !== undefined && known !== undefined && !requestBindsFamily(request, cell, known.family, config.sessionPassword);
    if (unbound && !tokenUser) throw unboundRefresh(request, cell, config);
    const owner = unbound ? undefined : known;
    let familiesRevoked = 0;
    if (everywhere && !tokenUser && owner?.stale) {
      // An already rotated refresh token is what a thief holds: it ends its own family (theft signal), never all of them.
      await revokeFamily(owner.family, 'reuse');
      throw new AuthError('refresh_token_reused', 'A rotated refresh token cannot sign out everywhere; its own sign-in has ended.', {
        setCookies: cell === undefined ? [] : refusedRefreshCookies(request, cell, config),
      });
    }
    if (everywhere && !tokenUser && owner?.ended) {
      // Its sign-in already ended (revoked, reused, signed out everywhere, past its absolute end): it speaks for nobody.
      throw new AuthError(
        'invalid_token',
        'This refresh token belongs to a sign-in that has already ended, so it cannot sign out everywhere.',
        { setCookies: cell === undefined ? [] : refusedRefreshCookies(request, cell, config) },
      );
    }
    if (everywhere && !tokenUser && !owner && tokenRevoked) throw tokenRevoked;
    let sessionsRevoked = 0;
    if (everywhere) {
      const userId = tokenUser ?? owner?.userId;
      if (!userId) throw new AuthError('unauthenticated', 'To sign out everywhere, send a valid access token or the refresh cookie.');
      // The same function as DELETE /api/sessions: sessions, families, access and internal tokens, all at once.
      const result = await signOutEverywhere(userId, config);
      familiesRevoked = result.families;
      sessionsRevoked = result.sessions;
    } else {
      // The token's own family (a client without the cookie, e.g. a script holding only the token) and the
      // cookie's: one family when both belong to the same sign-in, as they do for the page that signed in.
      const families = new Set([tokenFamily, owner?.family].filter((family): family is string => family !== undefined));
      for (const family of families) await revokeFamily(family, 'revoked');
      familiesRevoked = families.size;
    }
    const headers = new Headers();
    // An unbound or unknown refresh cookie may be a tossed copy: every copy it can name is cleared, a batch per answer.
    const refreshClears = (at: Transport) =>
      unbound
        ? unboundRefreshClears(request, at, config)
        : refresh && !known
          ? refusedRefreshCookies(request, at, config)
          : clearedRefreshCookies(request, at);
    const cleared = cell === undefined ? [] : [...refreshClears(cell), ...clearedAccessCookies(request, cell)];
    for (const value of cleared) headers.append('Set-Cookie', value);
    return json(
      {
        status: 'revoked',
        families_revoked: familiesRevoked,
        sessions_revoked: sessionsRevoked,
        denylisted_jti: denylisted,
        everywhere: Boolean(everywhere),
      },
      { headers },
    );
  },
});

/**
 * The access token the request carries (bearer, cookie or split) and its cell's transport; a request
 * without one (or with half of one) names none.
 */
function carriedAccessToken(request: Request): { token: string; transport: Transport } | undefined {
  try {
    const credential = readCredential(request);
    return credential?.mode === 'jwt' ? { token: credential.token, transport: credential.transport } : undefined;
  } catch {
    return undefined;
  }
}
