import { describe, expect, it } from 'vitest';
import { hostAllowed, parseAllowedHosts, splitHost, type HostPolicy } from './allowed-hosts';

const policy = (raw?: string, platform: string[] = []): HostPolicy => {
  const parsed = parseAllowedHosts(raw, platform);
  if ('invalid' in parsed) throw new Error(`invalid: ${parsed.invalid.join()}`);
  return parsed;
};

describe('hostAllowed with the default (loopback only)', () => {
  const loopback = policy(undefined);

  it.each([
    'localhost',
    'localhost:3000',
    'LOCALHOST:3000',
    'localhost.',
    'localhost.:3000',
    '127.0.0.1',
    '127.0.0.1:3410',
    '127.1.2.3:80',
    '127.255.255.255',
    '[::1]',
    '[::1]:3000',
  ])('allows %s', (host) => {
    expect(hostAllowed(host, loopback)).toBe(true);
  });

  it.each([
    'localhost.evil.com',
    'evil.com',
    'evil.com.',
    'localhost.evil.com:3000',
    '127.0.0.1.evil.com',
    '128.0.0.1',
    '127.0.0.256',
    '0.0.0.0',
    '[::2]',
    '::1',
    '[::1',
    'localhost:',
    'localhost:99999',
    'localhost:3000:3000',
    'user@localhost',
    'localhost/x',
    'local host',
    '',
    'xn--localhost-',
  ])('refuses %j', (host) => {
    expect(hostAllowed(host, loopback)).toBe(false);
  });

  it('refuses a missing Host', () => {
    expect(hostAllowed(null, loopback)).toBe(false);
  });
});

describe('parseAllowedHosts', () => {
  it('adds names (any port), names with one port, and *. wildcards for subdomains only', () => {
    const p = policy(' App.Example.com , api.example.com:8443, *.preview.example.com ');
    expect(hostAllowed('app.example.com', p)).toBe(true);
    expect(hostAllowed('APP.EXAMPLE.COM:443', p)).toBe(true);
    expect(hostAllowed('app.example.com.', p)).toBe(true);
    expect(hostAllowed('api.example.com:8443', p)).toBe(true);
    expect(hostAllowed('api.example.com', p)).toBe(false);
    expect(hostAllowed('api.example.com:443', p)).toBe(false);
    expect(hostAllowed('pr-1.preview.example.com', p)).toBe(true);
    expect(hostAllowed('preview.example.com', p)).toBe(false);
    expect(hostAllowed('evilpreview.example.com', p)).toBe(false);
    expect(hostAllowed('example.com', p)).toBe(false);
    // Loopback stays allowed: a rebinding attacker can't make a browser send it to us.
    expect(hostAllowed('localhost:3000', p)).toBe(true);
  });

  it('"*" allows any well-formed host, still not a missing or malformed one', () => {
    const p = policy('*');
    expect(hostAllowed('anything.example', p)).toBe(true);
    expect(hostAllowed(null, p)).toBe(false);
    expect(hostAllowed('a b', p)).toBe(false);
  });

  it("takes the platform's own names, given as hosts or URLs", () => {
    const p = policy(undefined, ['authlab-git-main.vercel.app', 'https://authlab.vercel.app/']);
    expect(hostAllowed('authlab-git-main.vercel.app', p)).toBe(true);
    expect(hostAllowed('authlab.vercel.app', p)).toBe(true);
    expect(hostAllowed('other.vercel.app', p)).toBe(false);
  });

  it('lists the entries that are not host names', () => {
    expect(parseAllowedHosts('ok.example, http://x.example, a b, x.example:70000')).toEqual({
      invalid: ['http://x.example', 'a b', 'x.example:70000'],
    });
  });
});

describe('splitHost', () => {
  it('lower-cases, drops one trailing dot, keeps IPv6 brackets and reads the port', () => {
    expect(splitHost('LocalHost.:3000')).toEqual({ name: 'localhost', port: 3000 });
    expect(splitHost('[::1]:8080')).toEqual({ name: '[::1]', port: 8080 });
    expect(splitHost('example.com')).toEqual({ name: 'example.com', port: undefined });
  });
});
