'use client';

import { useEffect, useState } from 'react';
import { api } from '../_lib/api-client';

/**
 * Shows whether access tokens are checked against the denylist, and lets an admin flip it for every
 * instance. On, a revoked JWT fails at once, at the price of a store lookup per request.
 */
export function DenylistSwitch({ isAdmin, token }: { isAdmin: boolean; token: string | undefined }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.settings().then((a) => {
      if (live && a.status === 200) setEnabled((a.body as { jwtDenylist: boolean }).jwtDenylist);
    });
    return () => {
      live = false;
    };
  }, []);

  const flip = async (next: boolean) => {
    const a = await api.setDenylist(next, token);
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
        {isAdmin ? '' : ' Only an admin (alice) can change it.'}
      </p>
      {error ? <p className="text-xs text-bad">Error: {error}</p> : null}
    </div>
  );
}
