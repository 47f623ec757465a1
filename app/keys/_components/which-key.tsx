'use client';

import type { KeyInfo } from '@/lib/auth/keys';
import { decodeTokenHeader, whichKey } from '../../_lib/jwt-header';

/** What the header of the pasted token says about the key that signed it, in one sentence. */
function verdict(value: string, keys: readonly KeyInfo[], alg: string): { text: string; tone: 'info' | 'ok' | 'warn' } {
  if (value.trim() === '')
    return { text: 'Paste an access token: its header names the key (kid) and the algorithm, and the key is marked above.', tone: 'info' };
  const decoded = decodeTokenHeader(value);
  if (!decoded.ok) return { text: `Not a JWT: ${decoded.reason}.`, tone: 'warn' };
  const { header } = decoded;
  const match = whichKey(keys, header);
  if (!match.found) {
    return match.why === 'no_kid'
      ? { text: `The header (alg ${header.alg}) names no key: authlab refuses it.`, tone: 'warn' }
      : { text: `kid ${header.kid} is not in the ring: a retired key, or not one of authlab's. authlab refuses it.`, tone: 'warn' };
  }
  if (!match.algMatches) {
    return {
      text: `kid ${match.key.kid}, but alg ${header.alg}: that key accepts only ${match.key.alg}, so authlab refuses it.`,
      tone: 'warn',
    };
  }
  const role = match.key.status === 'current' ? 'the current key' : `a previous key, which verifies until it retires`;
  return {
    text: `Signed with ${role}: ${match.key.kid} (${header.alg}${header.alg === alg ? '' : `; the ring now uses ${alg}`}).`,
    tone: 'ok',
  };
}

export function WhichKey({
  value,
  onChange,
  keys,
  alg,
}: {
  value: string;
  onChange: (value: string) => void;
  keys: readonly KeyInfo[];
  alg: string;
}) {
  const { text, tone } = verdict(value, keys, alg);
  return (
    <section aria-labelledby="which-key-title" className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4 sm:p-6">
      <h2 id="which-key-title" className="text-lg font-medium">
        Which key signed this token?
      </h2>
      <textarea
        aria-labelledby="which-key-title"
        aria-describedby="which-key-note"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={4}
        spellCheck={false}
        autoComplete="off"
        placeholder="eyJhbGciOi…"
        className="block w-full rounded-md border border-line-strong bg-surface px-3 py-2 font-mono text-xs break-all"
      />
      <output
        data-testid="which-key-result"
        aria-live="polite"
        className={`text-sm ${tone === 'warn' ? 'text-bad' : tone === 'ok' ? 'text-ok' : 'text-muted'}`}
      >
        {text}
      </output>
      <p id="which-key-note" className="text-xs text-muted">
        Decoded in this page, never sent anywhere. Decoding is not verifying: the header only names a key; the signature check (the API, or{' '}
        <code>npm run verify-remote</code>) is what proves it.
      </p>
    </section>
  );
}
