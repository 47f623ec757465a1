// Another service verifies authlab's tokens on its own, from the public JWKS alone.
import { decodeProtectedHeader } from 'jose';
import { demoCredentials, expect, test } from './fixtures';
import { verifyRemote } from './verify-remote';

test('verify-remote verifies a token of the running app, and rejects a tampered one', async ({ request, baseURL }) => {
  const response = await request.post('/api/token', { data: demoCredentials('bob') });
  const token = (await response.json()).access_token as string;

  const ok = await verifyRemote([token, '--url', baseURL as string]);
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout).toContain(`key ${String(decodeProtectedHeader(token).kid)}`);
  expect(JSON.parse(ok.stdout.slice(ok.stdout.indexOf('{'))).claims).toMatchObject({
    iss: 'authlab',
    aud: 'authlab-api',
    role: 'member',
    preferred_username: 'bob',
  });

  // bob makes himself admin: the payload changes, the signature no longer matches.
  const [h, p, s] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${s}`;
  const tampered = await verifyRemote([forged, '--url', baseURL as string]);
  expect(tampered.code).toBe(1);
  expect(tampered.stderr).toContain('NOT valid: the signature does not verify');
  expect(tampered.stdout).toBe('');

  const nowhere = await verifyRemote([token, '--url', 'http://127.0.0.1:9']);
  expect(nowhere.code).toBe(1);
  expect(nowhere.stderr).toMatch(/NOT valid: .*is the app running at http:\/\/127\.0\.0\.1:9/);
});
