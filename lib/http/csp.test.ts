import { getScriptNonceFromHeader } from 'next/dist/server/app-render/get-script-nonce-from-header';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce } from './csp';

describe('newNonce', () => {
  it('is 128 random bits that Next.js reads back out of the policy, fresh every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const nonce = newNonce();
      expect(Buffer.from(nonce, 'base64url')).toHaveLength(16);
      // Next applies the nonce only if its own reader finds it; a malformed one is silently dropped.
      expect(getScriptNonceFromHeader(contentSecurityPolicy(nonce, false))).toBe(nonce);
      seen.add(nonce);
    }
    expect(seen.size).toBe(200);
  });
});
