import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

const req = (headers: Record<string, string>) => new Request('http://x/api/session/login', { headers });

describe('clientAddress', () => {
  it('ignores a client-written X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress(req({ 'x-forwarded-for': '6.6.6.6', 'x-peer-address': '127.0.0.1' }), { trustProxyHops: 0 })).toBe('127.0.0.1');
    expect(clientAddress(req({ 'x-forwarded-for': '6.6.6.6' }), { trustProxyHops: 0 })).toBe('unknown');
  });

  it('takes the entry the trusted proxy appended, not the ones the client wrote before it', () => {
    const r = req({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7', 'x-peer-address': '10.0.0.2' });
    expect(clientAddress(r, { trustProxyHops: 1 })).toBe('203.0.113.7');
    expect(clientAddress(req({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.9' }), { trustProxyHops: 2 })).toBe('203.0.113.7');
  });

  it('falls back to the peer when the header has fewer entries than trusted hops', () => {
    expect(clientAddress(req({ 'x-peer-address': '10.0.0.2' }), { trustProxyHops: 1 })).toBe('10.0.0.2');
  });
});
