'use client';

import { useState } from 'react';
import type { KeyListing } from '@/lib/auth/keys';
import { decodeTokenHeader } from '../../_lib/jwt-header';
import { KeyList } from './key-list';
import { RotateKeys } from './rotate-keys';
import { WhichKey } from './which-key';

/** The ring as the server listed it, updated by rotations made here; the pasted token marks its key. */
export function KeyRingPanel({ initial }: { initial: KeyListing }) {
  const [listing, setListing] = useState(initial);
  const [pasted, setPasted] = useState('');
  const decoded = pasted.trim() === '' ? undefined : decodeTokenHeader(pasted);
  const marked = decoded?.ok ? decoded.header.kid : undefined;
  const previous = listing.keys.length - 1;

  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="ring-title" className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4 sm:p-6">
        <h2 id="ring-title" className="text-lg font-medium">
          The key ring: {listing.alg}
        </h2>
        <p className="text-sm text-muted">
          One current key signs;{' '}
          {previous === 0
            ? 'no previous key is in its overlap.'
            : `${previous} previous ${previous === 1 ? 'key still verifies' : 'keys still verify'} the tokens ${previous === 1 ? 'it' : 'they'} signed.`}{' '}
          After a rotation a replaced key verifies for {Math.round(listing.retirementDelaySeconds)} s (the longest token life, the clock
          tolerance and a few seconds for every instance to re-read the ring), then retires: its tokens fail with <code>invalid_token</code>
          .
        </p>
        <KeyList keys={listing.keys} marked={marked} />
        <JwksNote listing={listing} />
      </section>
      <div className="grid gap-6 md:grid-cols-2">
        <RotateKeys onRotated={setListing} onCheckToken={setPasted} />
        <WhichKey value={pasted} onChange={setPasted} keys={listing.keys} alg={listing.alg} />
      </div>
    </div>
  );
}

function JwksNote({ listing }: { listing: KeyListing }) {
  if (listing.alg === 'HS256') {
    return (
      <p data-testid="jwks-note" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
        <strong>The JWKS is empty, on purpose.</strong> HS256 signs and verifies with one shared secret: whoever can verify a token can also
        mint one. So the secret can&apos;t be handed to other services; only this app can check its tokens. Choose ES256 or EdDSA to let
        others verify with a public key from{' '}
        <a className="underline" href="/.well-known/jwks.json">
          /.well-known/jwks.json
        </a>
        .
      </p>
    );
  }
  return (
    <p data-testid="jwks-note" className="text-sm text-muted">
      <a className="underline" href="/.well-known/jwks.json">
        /.well-known/jwks.json
      </a>{' '}
      publishes {listing.jwksPublished} public {listing.jwksPublished === 1 ? 'key' : 'keys'} (never a private part), so another service can
      verify tokens on its own: <code className="break-all">npm run verify-remote -- &lt;token&gt;</code>.
    </p>
  );
}
