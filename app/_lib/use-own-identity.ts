'use client';
// Who this browser's own cookie says the visitor is, for demo pages that sign nobody in themselves:
// an admin action there (the denylist switch, an outage drill) is taken as the visitor, or not at all.
import { useEffect, useState } from 'react';
import { api } from './api-client';

export type OwnIdentity = { kind: 'reading' } | { kind: 'none' } | { kind: 'user'; username: string; role: string };

export function useOwnIdentity(enabled = true): OwnIdentity {
  const [own, setOwn] = useState<OwnIdentity>({ kind: 'reading' });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    // No cell named: the session cookie or the JWT cookie, whichever this browser signed in with last.
    void api.meByCookie().then((a) => {
      if (!live) return;
      const user = a.status === 200 ? (a.body as { user: { username: string; role: string } }).user : undefined;
      setOwn(user ? { kind: 'user', username: user.username, role: user.role } : { kind: 'none' });
    });
    return () => {
      live = false;
    };
  }, [enabled]);
  return own;
}

export const isOwnAdmin = (own: OwnIdentity) => own.kind === 'user' && own.role === 'admin';

/** Why an admin action on a demo page is (or isn't) open to the visitor, in a sentence or two. */
export function ownAdminNote(own: OwnIdentity): string {
  if (own.kind === 'reading') return '';
  const why = 'This is an admin action you take as yourself, with your own sign-in from /; this page signs nobody in for it.';
  if (own.kind === 'none') return `${why} This browser has no session or JWT cookie that /api/me accepts, so it is closed to you here.`;
  if (own.role !== 'admin') return `${why} You are signed in as ${own.username} (${own.role}), so it is closed to you here.`;
  return `You take it as yourself: ${own.username} (admin), signed in on /.`;
}
