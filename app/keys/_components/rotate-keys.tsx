'use client';

import { decodeJwt } from 'jose';
import { useState } from 'react';
import type { KeyListing } from '@/lib/auth/keys';
import { SignInForm } from '../../_components/sign-in-form';
import { BUTTON } from '../../_components/button-class';

interface Held {
  token: string;
  username: string;
  role: string;
}

async function postJson(
  path: string,
  init: { body?: unknown; token?: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(path, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : null,
    // With a token only the token is sent; without one, the session cookie of the sign-in page may be used.
    credentials: init.token ? 'omit' : 'same-origin',
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body };
}

const failure = (a: { status: number; body: Record<string, unknown> }) => {
  const error = (a.body.error ?? {}) as { code?: string; message?: string };
  return `${a.status} ${error.code ?? 'error'}: ${error.message ?? 'the server refused.'}`;
};

/**
 * Rotation for admins: sign in here (the token stays in this page's memory, never in storage) or
 * rely on the session cookie of the sign-in page. A member's attempt is answered 403 and shown as such.
 */
export function RotateKeys({
  onRotated,
  onCheckToken,
}: {
  onRotated: (listing: KeyListing) => void;
  onCheckToken: (token: string) => void;
}) {
  const [held, setHeld] = useState<Held | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ text: string; tone: 'ok' | 'error' } | null>(null);

  const signIn = async (username: string, password: string) => {
    setBusy(true);
    try {
      const a = await postJson('/api/token', { body: { username, password } });
      if (a.status !== 200) {
        setNotice({ text: failure(a), tone: 'error' });
        return;
      }
      const token = String(a.body.access_token);
      const claims = decodeJwt(token);
      setHeld({ token, username: String(claims.preferred_username), role: String(claims.role) });
      setNotice({ text: `Signed in as ${String(claims.preferred_username)}; the access token is kept in this page only.`, tone: 'ok' });
    } finally {
      setBusy(false);
    }
  };

  const rotate = async () => {
    setBusy(true);
    try {
      const a = await postJson('/api/keys/rotate', held ? { token: held.token } : {});
      if (a.status !== 200) {
        setNotice({ text: failure(a), tone: 'error' });
        return;
      }
      const listing = a.body as unknown as KeyListing & { rotated: string };
      onRotated(listing);
      setNotice({
        text: `Rotated: ${listing.rotated} signs new tokens from now on; the keys it replaced verify for ${Math.round(listing.retirementDelaySeconds)} s more.`,
        tone: 'ok',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="rotate-title" className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4 sm:p-6">
      <h2 id="rotate-title" className="text-lg font-medium">
        Rotate the signing key
      </h2>
      <p className="text-sm text-muted">
        Admins only (alice). Sign in here, or use the session you signed in with on the first page. bob may try: he gets 403.
      </p>
      {held ? (
        <p data-testid="keys-whoami" className="flex flex-wrap items-center gap-2 text-sm">
          <span>
            Signed in as <strong>{held.username}</strong> ({held.role}), token in memory
          </span>
          <button type="button" className={BUTTON} disabled={busy} onClick={() => onCheckToken(held.token)}>
            Check my token
          </button>
          <button type="button" className={BUTTON} disabled={busy} onClick={() => setHeld(null)}>
            Forget the token
          </button>
        </p>
      ) : (
        <SignInForm busy={busy} onSubmit={(u, p) => void signIn(u, p)} />
      )}
      <button
        type="button"
        disabled={busy}
        onClick={() => void rotate()}
        className="self-start rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        Rotate signing key
      </button>
      <p role="status" aria-live="polite" className={`text-sm ${notice?.tone === 'error' ? 'text-bad' : 'text-muted'}`}>
        {notice ? (notice.tone === 'error' ? `Refused: ${notice.text}` : notice.text) : null}
      </p>
    </section>
  );
}
