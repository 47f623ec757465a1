import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../lib/config';
import { loadOrCreateSecrets, secretEnv } from './secrets';

describe('secrets', () => {
  it('are generated once, strong, private, and the same on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'authlab-secrets-'));
    const first = await loadOrCreateSecrets(dir);
    const second = await loadOrCreateSecrets(dir);
    expect(second).toEqual(first);
    expect(Buffer.from(first.sessionPassword, 'base64url').length).toBe(32);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(first.jwtKeys.keys.map((k) => k.alg)).toEqual(['ES256', 'EdDSA']);
    const config = parseConfig({
      ...secretEnv({}, first),
      UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1',
      UPSTASH_REDIS_REST_TOKEN: first.storeToken,
    });
    expect(config.sessionPassword).toBe(first.sessionPassword);
  });

  it('lets the environment win over the file', async () => {
    const secrets = await loadOrCreateSecrets(mkdtempSync(join(tmpdir(), 'authlab-secrets-')));
    const env = secretEnv({ SESSION_PASSWORD: 'mine'.repeat(8) }, secrets);
    expect(env.SESSION_PASSWORD).toBeUndefined();
    expect(env.JWT_SECRET).toBe(secrets.jwtSecret);
  });

  it('refuses a damaged file instead of silently signing everyone out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'authlab-secrets-'));
    writeFileSync(join(dir, 'secrets.json'), '{"sessionPassword": 1}');
    await expect(loadOrCreateSecrets(dir)).rejects.toThrow(/damaged/);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toBe('{"sessionPassword": 1}');
  });
});
