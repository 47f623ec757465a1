import { describe, expect, it } from 'vitest';
import { parseAllowedHosts, type HostPolicy } from './allowed-hosts';
import { edgeRefusal } from './edge-guard';

const allowedHosts = parseAllowedHosts('app.example') as HostPolicy;
const names = ['authlab_session', '__Host-authlab_session'];
const req = (headers: Record<string, string>) => new Request('http://x/api/me', { headers });

describe('edgeRefusal', () => {
  it('passes an allowed host with ordinary cookies', () => {
    expect(
      edgeRefusal(req({ host: 'app.example', cookie: 'authlab_session=a' }), { allowedHosts, trustProxyHops: 0 }, names),
    ).toBeUndefined();
    expect(edgeRefusal(req({ host: 'localhost:3000' }), { allowedHosts, trustProxyHops: 0 }, names)).toBeUndefined();
  });

  it('answers 421 misdirected_request for a foreign or missing host, naming ALLOWED_HOSTS', () => {
    const refusal = edgeRefusal(req({ host: 'evil.example' }), { allowedHosts, trustProxyHops: 0 }, names);
    expect(refusal).toMatchObject({ code: 'misdirected_request', status: 421 });
    expect(refusal?.message).toContain('ALLOWED_HOSTS');
    expect(refusal?.message).toContain('evil.example');
    expect(edgeRefusal(new Request('http://x/'), { allowedHosts, trustProxyHops: 0 }, names)).toMatchObject({ status: 421 });
  });

  it('judges X-Forwarded-Host only behind a trusted proxy', () => {
    const r = req({ host: 'localhost', 'x-forwarded-host': 'evil.example' });
    expect(edgeRefusal(r, { allowedHosts, trustProxyHops: 0 }, names)).toBeUndefined();
    expect(edgeRefusal(r, { allowedHosts, trustProxyHops: 1 }, names)).toMatchObject({ status: 421 });
    const viaProxy = req({ host: 'internal:3000', 'x-forwarded-host': 'app.example' });
    expect(edgeRefusal(viaProxy, { allowedHosts, trustProxyHops: 1 }, names)).toBeUndefined();
  });

  it('answers 431 for too many or too large cookies and 400 duplicate_cookie for a tossed one', () => {
    const many = Array.from({ length: 1_800 }, (_, i) => `c${i}=1`).join('; ');
    const config = { allowedHosts, trustProxyHops: 0 };
    expect(edgeRefusal(req({ host: 'localhost', cookie: many }), config, names)).toMatchObject({
      code: 'request_header_fields_too_large',
      status: 431,
    });
    expect(
      edgeRefusal(req({ host: 'localhost', cookie: '__Host-authlab_session=a; __Host-authlab_session=b' }), config, names),
    ).toMatchObject({
      code: 'duplicate_cookie',
      status: 400,
    });
  });

  it('checks the host before the cookies', () => {
    const r = req({ host: 'evil.example', cookie: 'authlab_session=a; authlab_session=b' });
    expect(edgeRefusal(r, { allowedHosts, trustProxyHops: 0 }, names)).toMatchObject({ status: 421 });
  });
});
