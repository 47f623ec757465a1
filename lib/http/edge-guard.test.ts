import { describe, expect, it } from 'vitest';
import { parseAllowedHosts, type HostPolicy } from './allowed-hosts';
import { DuplicateCookie, MAX_CLEARS_BYTES, clearsBatch, edgeRefusal, tossedCookieClears } from './edge-guard';

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

  it('clears every copy of a tossed cookie it can name, so the jar is not refused for good (outside check "final", F1)', () => {
    const config = { allowedHosts: parseAllowedHosts('app.example.com') as HostPolicy, trustProxyHops: 0 };
    const refusal = edgeRefusal(
      new Request('https://app.example.com/api/token/refresh', {
        headers: { host: 'app.example.com', cookie: '__Secure-authlab_refresh=a; __Secure-authlab_refresh=b' },
      }),
      config,
      ['__Secure-authlab_refresh'],
    );
    expect(refusal).toBeInstanceOf(DuplicateCookie);
    // The refusal sends the first batch of these (the test below follows the batches), most likely places first.
    const clears = tossedCookieClears('__Secure-authlab_refresh', 'app.example.com', '/api/token/refresh', true);
    const batch = (refusal as DuplicateCookie).clears;
    expect(batch.slice(0, -1)).toEqual(clears.slice(0, batch.length - 1));
    // The deepest path first, the shortest domain first; the host-only ones, the app's own copy among them, last
    // (outside check "ninth-b" N1: with the own copy in the first batch, the tossed one was then read alone).
    expect(clears[0]).toBe(
      '__Secure-authlab_refresh=; Path=/api/token/refresh/; Domain=example.com; Max-Age=0; Secure; HttpOnly; SameSite=Lax',
    );
    expect(clears.slice(-7)).toEqual(
      ['/api/token/refresh/', '/api/token/refresh', '/api/token/', '/api/token', '/api/', '/api', '/'].map(
        (at) => `__Secure-authlab_refresh=; Path=${at}; Max-Age=0; Secure; HttpOnly; SameSite=Lax`,
      ),
    );
    // Host-only, the host as a Domain and its parent, at / and each leading part of the path with and without
    // its trailing slash (a sibling's Path=/api/token/ reaches /api/token/refresh too: outside check "recheck", N2).
    const paths = ['/', '/api', '/api/', '/api/token', '/api/token/', '/api/token/refresh', '/api/token/refresh/'];
    expect(clears).toHaveLength(paths.length * 5);
    for (const at of paths) {
      for (const domain of ['', '; Domain=app.example.com', '; Domain=example.com']) {
        expect(clears).toContain(`__Secure-authlab_refresh=; Path=${at}${domain}; Max-Age=0; Secure; HttpOnly; SameSite=Lax`);
      }
      // And each Domain= clear again with Partitioned: a sibling's CHIPS copy for the parent domain is sent here
      // and only a partitioned clear deletes it (outside check "recheck2", R2-3; e2e/partitioned-clears.spec.ts).
      for (const domain of ['app.example.com', 'example.com']) {
        expect(clears).toContain(
          `__Secure-authlab_refresh=; Path=${at}; Domain=${domain}; Max-Age=0; Secure; HttpOnly; SameSite=Lax; Partitioned`,
        );
      }
    }
    // No host-only partitioned clear: only the host itself could have set such a copy.
    expect(clears.filter((c) => c.endsWith('; Partitioned')).every((c) => c.includes('; Domain='))).toBe(true);
  });

  it('clears every doubled name, in batches that fit 4 KiB of headers, following a cursor (outside checks "eighth" E4, "ninth-a" F2)', () => {
    const config = { allowedHosts: parseAllowedHosts('app.example.com,*.example.com') as HostPolicy, trustProxyHops: 0 };
    const all = ['authlab_session', 'authlab_access', 'authlab_access_sig', '__Secure-authlab_refresh', '__Secure-authlab_refresh_cookie'];
    const path = '/api/token/refresh';
    const refusal = (host: string, doubled: readonly string[], cursor = '') =>
      edgeRefusal(
        new Request(`https://${host}${path}`, {
          headers: { host, cookie: [...doubled.flatMap((name) => [`${name}=a`, `${name}=b`]), ...(cursor ? [cursor] : [])].join('; ') },
        }),
        config,
        all,
      ) as DuplicateCookie;
    const bytes = (lines: readonly string[]) => lines.reduce((sum, c) => sum + `Set-Cookie: ${c}\r\n`.length, 0);
    for (const host of ['app.example.com', `a.a.a.a.${'x'.repeat(40)}.${'y'.repeat(39)}.example.com`]) {
      const doubled = ['authlab_access', '__Secure-authlab_refresh', 'authlab_session'];
      const expected = ['authlab_session', 'authlab_access', '__Secure-authlab_refresh'].flatMap((name) =>
        tossedCookieClears(name, host, path, true),
      );
      // A browser sends the cursor back with each retry; the refusals together send every clear once, in order.
      const sent: string[] = [];
      let cursor = '';
      let answers = 0;
      for (; answers < 100; answers += 1) {
        const refused = refusal(host, doubled, cursor);
        expect(refused).toBeInstanceOf(DuplicateCookie);
        expect(refused.cookies).toEqual(['authlab_session', 'authlab_access', '__Secure-authlab_refresh']);
        expect(bytes(refused.clears), host).toBeLessThanOrEqual(MAX_CLEARS_BYTES);
        const last = refused.clears.at(-1) ?? '';
        expect(last.startsWith('__Host-authlab_clears=')).toBe(true);
        expect(last).toContain('; Path=/;');
        expect(last).toContain('; Secure; HttpOnly');
        sent.push(...refused.clears.slice(0, -1));
        expect(refused.message).toContain(refused.complete ? 'every copy this server can name is cleared' : 'the next one clears more');
        if (refused.complete) {
          // Back to the start, for a copy no clear reaches (the request stays refused, and goes round again).
          expect(last).toMatch(/^__Host-authlab_clears=[0-9a-z]+\.0; /);
          break;
        }
        cursor = last.slice(0, last.indexOf(';'));
      }
      expect(sent).toEqual(expected);
      // Batches nearly full: no more answers than the bytes need, with room for the cursor and a line that didn't fit.
      expect(answers + 1).toBeLessThanOrEqual(Math.ceil(bytes(expected) / (MAX_CLEARS_BYTES - 500)));
    }
  });

  it('clearsBatch: a list that fits goes at once; a cursor of another list, doubled, damaged or of the other scheme starts over', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `authlab_session=; Path=/p${i}; Max-Age=0; HttpOnly; SameSite=Lax`);
    expect(clearsBatch(null, lines.slice(0, 5), false)).toEqual({ lines: lines.slice(0, 5), complete: true });
    const first = clearsBatch(null, lines, false);
    expect(first.complete).toBe(false);
    const cursor = first.lines.at(-1)!.split(';')[0]!;
    expect(cursor).toMatch(/^authlab_clears=[0-9a-z]+\.\d+$/);
    const n = first.lines.length - 1;
    // Following the cursor: the next batch starts where this one ended.
    expect(clearsBatch(cursor, lines, false).lines[0]).toBe(lines[n]);
    for (const header of [
      cursor.replace(/=[0-9a-z]+\./, '=zzzz.'), // another list's
      'authlab_clears=x.1',
      'authlab_clears=abc.99999',
      `__Host-${cursor}`, // over HTTP the __Host- spelling is somebody else's
      'authlab_clears_device=' + cursor.slice(cursor.indexOf('=') + 1), // another kind's
    ]) {
      expect(clearsBatch(header, lines, false).lines[0], header).toBe(lines[0]);
    }
    // Two cursors (over HTTP a sibling can set one for the parent domain, e.g. at the list's end to pin it: outside
    // check "ninth-b" N2): start over, and clear the cursor's copies at `/` before setting ours again, all within the
    // budget (outside check "ninth-c" C1: the clears of every place outgrew 4 KiB).
    const doubled = clearsBatch(`${cursor}; ${cursor}`, lines, false, { host: 'a.b.c.d.e.f.g.example.com' });
    const cursorClears = doubled.lines.filter((c) => c.startsWith('authlab_clears=;'));
    expect(cursorClears).toContain('authlab_clears=; Path=/; Domain=example.com; Max-Age=0; HttpOnly; SameSite=Lax');
    expect(cursorClears).toContain('authlab_clears=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
    expect(cursorClears.every((c) => c.includes('; Path=/;'))).toBe(true);
    expect(doubled.lines.slice(0, cursorClears.length)).toEqual(cursorClears);
    expect(doubled.lines[cursorClears.length]).toBe(lines[0]);
    expect(doubled.lines.at(-1)).toMatch(/^authlab_clears=[0-9a-z]+\.\d+; Path=\/; Max-Age=86400; HttpOnly; SameSite=Lax$/);
    expect(doubled.lines.reduce((sum, c) => sum + `Set-Cookie: ${c}\r\n`.length, 0)).toBeLessThanOrEqual(MAX_CLEARS_BYTES);
    // A list that fits goes whole, whatever a cursor says (outside check "ninth-c" C2: a forged cursor at the last
    // line sent only the clear of the app's own copy, and the tossed one was then read alone).
    const short = lines.slice(0, 5);
    const forged = `authlab_clears=${cursor.slice(cursor.indexOf('=') + 1, cursor.indexOf('.'))}.4`;
    expect(clearsBatch(forged, short, false)).toEqual({ lines: short, complete: true });
    expect(clearsBatch(`${forged}; ${forged}`, short, false)).toEqual({ lines: short, complete: true });
    // Each kind has a cursor of its own.
    expect(clearsBatch(null, lines, false, { kind: 'device' }).lines.at(-1)).toMatch(/^authlab_clears_device=/);
    expect(clearsBatch(null, lines, false, { kind: 'refresh' }).lines.at(-1)).toMatch(/^authlab_clears_refresh=/);
    // Over HTTPS only the __Host- spelling counts.
    expect(clearsBatch(cursor, lines, true).lines[0]).toBe(lines[0]);
    const secure = clearsBatch(null, lines, true).lines.at(-1)!;
    expect(secure).toMatch(/^__Host-authlab_clears=[0-9a-z]+\.\d+; Path=\/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax$/);
    expect(clearsBatch(`__Host-${cursor}`, lines, true).lines[0]).toBe(lines[n]);
    // A cursor past the end of the list starts over too; one line larger than the budget still goes, alone.
    const huge = [`authlab_session=; Path=/${'x'.repeat(4_000)}; Max-Age=0`, 'authlab_session=; Path=/; Max-Age=0'];
    expect(clearsBatch(null, huge, false).lines[0]).toBe(huge[0]);
  });

  it('twins the Domain= clears with Partitioned wherever a copy can be Secure: a __Secure- name, or any name over HTTPS', () => {
    const config = { allowedHosts: parseAllowedHosts('app.example.com') as HostPolicy, trustProxyHops: 0 };
    const refusal = (url: string, cookie: string, headers: Record<string, string> = {}, trustProxyHops = 0) =>
      edgeRefusal(new Request(url, { headers: { host: 'app.example.com', cookie, ...headers } }), { ...config, trustProxyHops }, [
        'authlab_session',
        '__Secure-authlab_refresh',
      ]) as DuplicateCookie;
    const partitioned = (r: DuplicateCookie) => r.clears.filter((c) => c.includes('Partitioned'));
    // A plain name over HTTPS: a sibling can toss a Secure, partitioned copy of it too; the twin carries Secure.
    const overHttps = refusal('https://app.example.com/api/me', 'authlab_session=a; authlab_session=b');
    expect(partitioned(overHttps)).toEqual(
      ['/api/me/', '/api/me', '/api/', '/api', '/'].flatMap((at) =>
        ['example.com', 'app.example.com'].map(
          (domain) => `authlab_session=; Path=${at}; Domain=${domain}; Max-Age=0; Secure; HttpOnly; SameSite=Lax; Partitioned`,
        ),
      ),
    );
    // Over HTTP a Secure copy is never sent, so no twins; behind a trusted proxy its X-Forwarded-Proto decides.
    expect(partitioned(refusal('http://app.example.com/api/me', 'authlab_session=a; authlab_session=b'))).toEqual([]);
    const proxied = (proto: string, hops: number) =>
      partitioned(refusal('http://app.example.com/api/me', 'authlab_session=a; authlab_session=b', { 'x-forwarded-proto': proto }, hops));
    expect(proxied('https', 1)).toHaveLength(10);
    expect(proxied('https', 0)).toEqual([]);
    // A __Secure- name only ever travels over HTTPS: twins whatever the request's scheme says.
    expect(tossedCookieClears('__Secure-authlab_refresh', 'app.example.com', '/', false)).toEqual([
      '__Secure-authlab_refresh=; Path=/; Domain=example.com; Max-Age=0; Secure; HttpOnly; SameSite=Lax',
      '__Secure-authlab_refresh=; Path=/; Domain=app.example.com; Max-Age=0; Secure; HttpOnly; SameSite=Lax',
      '__Secure-authlab_refresh=; Path=/; Domain=example.com; Max-Age=0; Secure; HttpOnly; SameSite=Lax; Partitioned',
      '__Secure-authlab_refresh=; Path=/; Domain=app.example.com; Max-Age=0; Secure; HttpOnly; SameSite=Lax; Partitioned',
      '__Secure-authlab_refresh=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax',
    ]);
    // No domain, no twin: an address, a one-label host, a __Host- name.
    for (const [name, host] of [
      ['authlab_session', '127.0.0.1:3000'],
      ['authlab_session', 'localhost'],
      ['__Host-authlab_session', 'app.example.com'],
    ] as const) {
      expect(
        tossedCookieClears(name, host, '/api/me', true).some((c) => c.includes('Partitioned')),
        `${name} ${host}`,
      ).toBe(false);
    }
  });

  it('never repeats a path segment that could end or split a Set-Cookie value (outside check "recheck", N1)', () => {
    for (const path of [
      '/api/x,__Host-authlab_session=FIXED;Secure;Path=/,z=1',
      '/api/a;b/c',
      '/api/a=b',
      '/api/%2C/x',
      '/api/a b',
      `/api/${'x'.repeat(49)}`,
    ]) {
      const clears = tossedCookieClears('authlab_session', 'app.example.com', path, true);
      // Only `/` and `/api` (with and without the slash) are named; the unusual segment ends the list.
      expect(new Set(clears.map((c) => /Path=([^;]*)/.exec(c)?.[1])), path).toEqual(new Set(['/', '/api', '/api/']));
      for (const clear of clears) {
        expect(clear.startsWith('authlab_session=; Path=')).toBe(true);
        expect(clear, path).not.toMatch(/,|FIXED|=b|%/);
      }
    }
  });

  it('clears a __Host- cookie only where one can live, and names no domain for an address or a one-label host', () => {
    expect(tossedCookieClears('__Host-authlab_session', 'app.example.com', '/api/me', true)).toEqual([
      '__Host-authlab_session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax',
    ]);
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'LOCALHOST.']) {
      const clears = tossedCookieClears('authlab_session', host, '/api/me', true);
      expect(clears, host).toEqual(
        ['/api/me/', '/api/me', '/api/', '/api', '/'].map((at) => `authlab_session=; Path=${at}; Max-Age=0; HttpOnly; SameSite=Lax`),
      );
    }
    // Bounded whatever the path's depth and the host's labels: 9 paths × 15 (host-only, 7 domains and their
    // Partitioned twins), under 42 kB with the header names, for the longest name on the worst host that gets domains.
    const deep = tossedCookieClears('authlab_session', 'a.b.c.d.e.f.g.example.com', `/${'x'.repeat(48)}/`.repeat(50), true);
    expect(deep).toHaveLength(9 * 15);
    const worstHost = `a.a.a.a.a.a.${'x'.repeat(84)}.com`;
    expect(worstHost).toHaveLength(100);
    const worst = tossedCookieClears('__Secure-authlab_refresh_cookie', worstHost, `/${'x'.repeat(48)}/`.repeat(50), true);
    expect(worst).toHaveLength(9 * 15);
    const size = (lines: readonly string[]) => lines.reduce((bytes, c) => bytes + `Set-Cookie: ${c}\r\n`.length, 0);
    expect(size(worst)).toBeLessThan(42_000);
    // The host itself and its parent (outside check "eighth" E3: a browser keeps a Domain=<host> copy apart from a
    // host-only one), and the 5 shortest parents, the registrable domain among them (outside check "recheck2", R2-1).
    const domains = new Set(deep.map((c) => /Domain=([^;]*)/.exec(c)?.[1]).filter(Boolean));
    expect(domains).toEqual(
      new Set([
        'a.b.c.d.e.f.g.example.com',
        'b.c.d.e.f.g.example.com',
        'example.com',
        'g.example.com',
        'f.g.example.com',
        'e.f.g.example.com',
        'd.e.f.g.example.com',
      ]),
    );
    // Up to 8 labels that is every parent: on a.b.c.d.e.f.example.com the 7 domains from the host down to example.com.
    const seven = new Set(
      tossedCookieClears('authlab_session', 'a.b.c.d.e.f.example.com', '/', false).map((c) => /Domain=([^;]*)/.exec(c)?.[1]),
    );
    for (const domain of ['a.b.c.d.e.f.example.com', 'b.c.d.e.f.example.com', 'c.d.e.f.example.com', 'f.example.com', 'example.com']) {
      expect(seven.has(domain), domain).toBe(true);
    }
    expect(seven.size).toBe(8); // 7 domains and the host-only clear (no Domain)
    // A Host longer than any name this app is served under (a wildcard ALLOWED_HOSTS lets one through): host-only clears only (R2-2).
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.example.com`;
    expect(tossedCookieClears('authlab_session', long, '/api/me', true).some((c) => c.includes('Domain='))).toBe(false);
  });
});
