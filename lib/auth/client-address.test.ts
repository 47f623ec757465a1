import { describe, expect, it } from 'vitest';
import { clientAddress, throttlingAddress } from './client-address';

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

describe('throttlingAddress: one client, one spelling', () => {
  it('keeps IPv4 as it is, without a port, and unwraps IPv4-mapped IPv6 in both spellings', () => {
    for (const spelling of [
      '203.0.113.7',
      ' 203.0.113.7 ',
      '203.0.113.7:51000',
      '::ffff:203.0.113.7',
      '::FFFF:203.0.113.7',
      '::ffff:cb00:7107',
      '[::ffff:203.0.113.7]:443',
      '0:0:0:0:0:ffff:203.0.113.7',
    ]) {
      expect(throttlingAddress(spelling), spelling).toBe('203.0.113.7');
    }
  });

  it('counts an IPv6 client by its /64, however the address inside it is written', () => {
    const network = '2001:db8:1:2::/64';
    for (const spelling of [
      '2001:db8:1:2::1',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0DB8:0001:0002:0000:0000:0000:0009',
      '[2001:db8:1:2::7]:443',
      '2001:db8:1:2:a:b:1.2.3.4',
      '2001:db8:1:2::1%eth0',
    ]) {
      expect(throttlingAddress(spelling), spelling).toBe(network);
    }
    expect(throttlingAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(throttlingAddress('::1')).toBe('0:0:0:0::/64');
  });

  it('keeps what is not an address as it came (cut to 64 characters), and names nothing "unknown"', () => {
    expect(throttlingAddress('')).toBe('unknown');
    expect(throttlingAddress('not-an-address')).toBe('not-an-address');
    expect(throttlingAddress('1:2:3:4:5:6:7:8:9')).toBe('1:2:3:4:5:6:7:8:9');
    expect(throttlingAddress('2001:db8::1::2')).toBe('2001:db8::1::2');
    expect(throttlingAddress('256.1.1.1')).toBe('256.1.1.1');
    expect(throttlingAddress('x'.repeat(100))).toHaveLength(64);
  });

  it('is what clientAddress answers, from the peer and from a trusted proxy', () => {
    expect(clientAddress(req({ 'x-peer-address': '::ffff:127.0.0.1' }), { trustProxyHops: 0 })).toBe('127.0.0.1');
    expect(clientAddress(req({ 'x-forwarded-for': '2001:db8:1:2::99', 'x-peer-address': '10.0.0.2' }), { trustProxyHops: 1 })).toBe(
      '2001:db8:1:2::/64',
    );
  });
});
