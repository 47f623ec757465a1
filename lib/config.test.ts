import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';
import { hostAllowed } from './http/allowed-hosts';

const base = {
  SESSION_PASSWORD: 'p'.repeat(32),
  JWT_KEYS: '{"keys":[]}',
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1',
  UPSTASH_REDIS_REST_TOKEN: 't'.repeat(32),
};

describe('parseConfig', () => {
  it('applies the defaults of API.md', () => {
    const c = parseConfig(base);
    expect(c).toMatchObject({
      port: 3000,
      accessTokenTtl: 300,
      refreshTokenTtl: 86_400,
      refreshReuseGrace: 10,
      sessionIdleTtl: 1_800,
      sessionAbsoluteTtl: 43_200,
      hybridTokenTtl: 60,
      jwtAlg: 'ES256',
      jwtDenylist: false,
      jwtVerifyCache: true,
      dataDir: '.data',
      loginMaxAttempts: 5,
      loginWindow: 900,
      throwawayPerAddress: 60,
    });
  });

  it('reads every documented variable', () => {
    const c = parseConfig({
      ...base,
      PORT: '8080',
      ACCESS_TOKEN_TTL: '20',
      HYBRID_TOKEN_TTL: '30',
      JWT_ALG: 'HS256',
      JWT_SECRET: 's'.repeat(32),
      JWT_DENYLIST: 'on',
      JWT_VERIFY_CACHE: 'off',
      REFRESH_REUSE_GRACE: '0',
      THROWAWAY_PER_ADDRESS: '500',
    });
    expect(c).toMatchObject({
      port: 8080,
      accessTokenTtl: 20,
      hybridTokenTtl: 30,
      jwtAlg: 'HS256',
      jwtDenylist: true,
      jwtVerifyCache: false,
      refreshReuseGrace: 0,
      throwawayPerAddress: 500,
    });
  });

  it('stops on a weak secret with a message naming it', () => {
    expect(() => parseConfig({ ...base, SESSION_PASSWORD: 'short' })).toThrow(/SESSION_PASSWORD is too weak/);
    expect(() => parseConfig({ ...base, JWT_ALG: 'HS256', JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET is too weak/);
    // Counted in bytes: 11 three-byte characters are 33 bytes.
    expect(parseConfig({ ...base, SESSION_PASSWORD: '€'.repeat(11) }).sessionPassword).toBe('€'.repeat(11));
  });

  it('refuses bad values and names each variable', () => {
    for (const [name, value] of [
      ['ACCESS_TOKEN_TTL', '-1'],
      ['ACCESS_TOKEN_TTL', '1.5'],
      ['HYBRID_TOKEN_TTL', '61'],
      ['JWT_ALG', 'HS384'],
      ['JWT_DENYLIST', 'maybe'],
      ['JWT_VERIFY_CACHE', 'yes'],
      ['PORT', 'abc'],
      ['THROWAWAY_PER_ADDRESS', '0'],
    ]) {
      expect(() => parseConfig({ ...base, [name as string]: value }), `${name}=${value}`).toThrow(ConfigError);
      expect(() => parseConfig({ ...base, [name as string]: value })).toThrow(name as string);
    }
  });

  it('says what is missing', () => {
    expect(() => parseConfig({})).toThrow(/SESSION_PASSWORD is not set/);
    expect(() => parseConfig({ ...base, JWT_ALG: 'HS256' })).toThrow(/JWT_SECRET is required/);
    expect(() => parseConfig({ ...base, UPSTASH_REDIS_REST_URL: undefined })).toThrow(/UPSTASH_REDIS_REST_URL/);
  });
});

describe('ALLOWED_HOSTS', () => {
  it('defaults to loopback, adds listed names and the platform URL, and refuses entries that are not hosts', () => {
    const loopback = parseConfig(base).allowedHosts;
    expect(hostAllowed('localhost:3000', loopback)).toBe(true);
    expect(hostAllowed('app.example', loopback)).toBe(false);
    const listed = parseConfig({ ...base, ALLOWED_HOSTS: 'app.example', VERCEL_URL: 'authlab-x.vercel.app' }).allowedHosts;
    expect(hostAllowed('app.example', listed)).toBe(true);
    expect(hostAllowed('authlab-x.vercel.app', listed)).toBe(true);
    expect(() => parseConfig({ ...base, ALLOWED_HOSTS: 'https://app.example/' })).toThrow(/ALLOWED_HOSTS .*https:\/\/app\.example\//);
  });
});
