'use client';

import { useEffect, useState } from 'react';
import { api } from '../_lib/api-client';
import type { Carry } from '../_lib/cell-credentials';
import { isOwnAdmin, ownAdminNote, useOwnIdentity } from '../_lib/use-own-identity';

/**
 * Shows whether access tokens are checked against the denylist, and lets an admin flip it for every
 * instance. On, a revoked JWT fails at once, at the price of a store lookup per request.
 * Without `isAdmin`, the switch acts as the visitor, with this browser's own cookie (a demo page's
 * throwaway users are members), and says who that is or why it can't. With `carry`, it acts with the
 * JWT cell's credential as `/` carries it (the cookie, or both halves).
 */
export function DenylistSwitch({
  isAdmin: given,
  token,
  carry,
}: { isAdmin?: boolean; token?: string | undefined; carry?: Carry | undefined } = {}) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const own = useOwnIdentity(given === undefined);

  useEffect(() => {
    let live = true;
    void api.settings().then((a) => {
      if (live && a.status === 200) setEnabled((a.body as { jwtDenylist: boolean }).jwtDenylist);
    });
    return () => {
      live = false;
    };
  }, []);

  const isAdmin = given ?? isOwnAdmin(own);

  const flip = async (next: boolean) => {
    const a = await api.setDenylist(next, token, carry);
    if (a.status === 200) {
      setEnabled(next);
      setError(null);
    } else {
      setError((a.body as { error?: { message?: string } } | null)?.error?.message ?? `The server answered ${a.status}.`);
    }
  };

  return (
    <div className="flex flex-col gap-1 rounded-lg border border-line p-3 text-sm">
      <label className="flex items-center gap-2 font-medium">
        <input
          type="checkbox"
          role="switch"
          checked={enabled === true}
          disabled={!isAdmin || enabled === null}
          onChange={(e) => void flip(e.target.checked)}
          className="accent-accent-solid"
        />
        Check the JWT denylist
      </label>
      <p data-testid="denylist-state" className="text-xs text-muted">
        {enabled === null
          ? 'Reading the setting…'
          : enabled
            ? 'On: a revoked access token fails at once; every JWT request pays a store lookup again.'
            : 'Off: no lookup per request; a revoked access token keeps working until it expires.'}
        {given !== undefined ? (isAdmin ? '' : ' Only an admin (alice) can change it.') : ` ${ownAdminNote(own)}`}
      </p>
      {error ? <p className="text-xs text-bad">Error: {error}</p> : null}
    </div>
  );
}
