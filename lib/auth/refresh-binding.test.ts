import { describe, expect, it } from 'vitest';
import { APP_COOKIE_NAMES, REFRESH_BIND_OF, cookieName } from '../http/cookie-names';
import { cookieHeaderProblem } from '../http/cookies';
import { bindsFamily, clearedRefreshBinding, refreshBinding, unboundRefreshClears } from './refresh-binding';

const SECRET = 'refresh-binding-test-session-password-012345';
const OTHER_SECRET = 'another-session-password-of-another-deployment!';

describe('refresh binding', () => {
  it('is a MAC of the family: the same for every rotation of it, another for another family or key', () => {
    const value = refreshBinding('fam_a', SECRET);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(refreshBinding('fam_a', SECRET)).toBe(value);
    expect(bindsFamily(value, 'fam_a', SECRET)).toBe(true);
    expect(bindsFamily(value, 'fam_b', SECRET)).toBe(false);
    expect(bindsFamily(value, 'fam_a', OTHER_SECRET)).toBe(false);
    // The family id is not in it: a companion tells nothing about the sign-in.
    expect(value).not.toContain('fam_a');
  });

  it('anything but the exact value binds nothing, never an error', () => {
    const value = refreshBinding('fam_a', SECRET);
    for (const bad of [undefined, '', value.slice(1), `${value}=`, ` ${value}`, `"${value}"`, value.toUpperCase(), 'x'.repeat(500)]) {
      expect(bindsFamily(bad, 'fam_a', SECRET), String(bad)).toBe(false);
    }
  });

  it('is __Host- over HTTPS (no sibling host can set it) and refused in duplicate at the edge', () => {
    for (const name of Object.values(REFRESH_BIND_OF)) {
      expect(cookieName(name, true)).toBe(`__Host-${name}`);
      expect(APP_COOKIE_NAMES).toContain(name);
      expect(APP_COOKIE_NAMES).toContain(`__Host-${name}`);
      expect(cookieHeaderProblem(`__Host-${name}=a; __Host-${name}=b`, APP_COOKIE_NAMES)).toEqual({
        kind: 'duplicate',
        names: [`__Host-${name}`],
      });
    }
  });

  it('is cleared at Path=/ beside its refresh cookie; an unbound refresh cookie is cleared on the parent domains too', () => {
    const https = new Request('http://app.example.test/api/token/refresh', {
      headers: { host: 'app.example.test', 'x-authlab-origin': 'https://app.example.test' },
    });
    expect(clearedRefreshBinding(https, 'both')).toMatch(
      /^__Host-authlab_refresh_both_bind=; Path=\/; Max-Age=0; .*Secure; SameSite=Strict$/,
    );
    const clears = unboundRefreshClears(https, 'both', { trustProxyHops: 0 });
    expect(clears).toContain(
      '__Secure-authlab_refresh_both=; Path=/api/token; Domain=example.test; Max-Age=0; Secure; HttpOnly; SameSite=Lax',
    );
    // The host-only clears (the app's own copy's among them) come last, in the next batch: a cursor says so.
    expect(clears.at(-1)).toMatch(/^__Host-authlab_clears_refresh=[0-9a-z]+\.[1-9]\d*; Path=\/; /);
    // A __Host- cookie lives host-only at / alone.
    expect(clears.filter((c) => c.startsWith('__Host-') && !c.startsWith('__Host-authlab_clears'))).toEqual([
      '__Host-authlab_refresh_both_bind=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax',
    ]);
  });
});
