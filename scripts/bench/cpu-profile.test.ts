import { describe, expect, it } from 'vitest';
import { partOf, summarizeProfile, type CpuProfile } from './cpu-profile';

describe('partOf', () => {
  it('names a library by its package even inside a bundle path, and Next by its folder', () => {
    expect(partOf('file:///app/node_modules/jose/dist/webapi/jwt/verify.js', 'jwtVerify')).toMatch(/^jose/);
    expect(partOf('file:///app/node_modules/@upstash/redis/nodejs.mjs', 'exec')).toMatch(/^@upstash/);
    expect(partOf('file:///app/.next/server/middleware.js', 'middleware')).toMatch(/^edge middleware bundle/);
    expect(partOf('file:///app/.next/server/app/api/me/route.js', 'GET')).toMatch(/^route handlers/);
    expect(partOf('file:///app/node_modules/next/dist/server/web/sandbox/sandbox.js', 'run')).toMatch(/^Next edge sandbox/);
    expect(partOf('file:///app/node_modules/next/dist/server/base-server.js', 'handle')).toMatch(/^Next server/);
    expect(partOf('node:_http_server', 'parserOnIncoming')).toMatch(/^Node HTTP/);
    expect(partOf('', '(garbage collector)')).toBe('GC');
    expect(partOf('', 'JSONStringify')).toMatch(/^native/);
  });
});

describe('summarizeProfile', () => {
  it('gives self time per part, leaving idle time out of the shares', () => {
    const profile: CpuProfile = {
      startTime: 0,
      endTime: 10_000, // 10 ms over 10 hits: 1 ms per hit
      nodes: [
        { id: 1, callFrame: { functionName: '(idle)', url: '' }, hitCount: 6 },
        { id: 2, callFrame: { functionName: 'jwtVerify', url: 'file:///x/node_modules/jose/a.js' }, hitCount: 3 },
        { id: 3, callFrame: { functionName: '(garbage collector)', url: '' }, hitCount: 1 },
      ],
    };
    const parts = summarizeProfile(profile);
    expect(parts.map((p) => [p.part.split(' ')[0], p.ms, p.share])).toEqual([
      ['jose', 3, 0.75],
      ['GC', 1, 0.25],
    ]);
  });
});
