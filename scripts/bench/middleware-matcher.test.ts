import { describe, expect, it } from 'vitest';
import { matcherFor } from './middleware-matcher';

// The shape Next 16 writes for `matcher: ['/api/:path*']`.
const manifest = {
  middleware: {
    '/': {
      matchers: [
        {
          regexp:
            '^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/api(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json|\\.rsc|\\.segments\\/.+\\.segment\\.rsc)?[\\/#\\?]?$',
          originalSource: '/api/:path*',
        },
      ],
    },
  },
};

describe('matcherFor', () => {
  it('names the matcher that covers a path', () => {
    expect(matcherFor(manifest, '/api/health')).toBe('/api/:path*');
    expect(matcherFor(manifest, '/api/bench/passthrough')).toBe('/api/:path*');
  });

  it('is undefined for paths the middleware skips, or without a manifest', () => {
    expect(matcherFor(manifest, '/.well-known/jwks.json')).toBeUndefined();
    expect(matcherFor({}, '/api/health')).toBeUndefined();
  });
});
