import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, toCurl, toFetch, type CodeRequest } from './snippets';

const base: CodeRequest = {
  method: 'GET',
  url: 'http://127.0.0.1:3000/api/me',
  headers: [],
  body: null,
  credentials: 'omit',
  cookieNames: [],
};

/** What bash makes of a quoted word: the round trip is the real test of the quoting. */
const bashEcho = (quoted: string) => execFileSync('bash', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });

describe('shellQuote', () => {
  it.each([
    ['plain'],
    ['http://127.0.0.1:3000/api/me?x=1'],
    ["it's"],
    ["''"],
    ['{"username":"alice","password":"wonder land"}'],
    ['$HOME `id` $(id) \\ ! * ? ~ # ; & | > <'],
    ['line\nbreak'],
    [''],
    ['--data'],
  ])('%j survives bash unchanged', (value) => {
    expect(bashEcho(shellQuote(value))).toBe(value);
  });

  it('leaves safe words bare and quotes the rest', () => {
    expect(shellQuote('/api/me')).toBe('/api/me');
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
    expect(shellQuote('')).toBe("''");
  });
});

describe('toCurl', () => {
  it('writes a bearer request with its header and a JSON body', () => {
    const curl = toCurl({
      ...base,
      method: 'POST',
      url: 'http://127.0.0.1:3000/api/token/revoke',
      headers: [
        ['Content-Type', 'application/json'],
        ['Authorization', 'Bearer abc.def.ghi'],
      ],
      body: '{"token":"abc.def.ghi"}',
    });
    expect(curl).toBe(
      [
        'curl -sS -i \\',
        '  -X POST http://127.0.0.1:3000/api/token/revoke \\',
        "  -H 'Content-Type: application/json' \\",
        "  -H 'Authorization: Bearer abc.def.ghi' \\",
        `  --data-raw '{"token":"abc.def.ghi"}'`,
      ].join('\n'),
    );
  });

  it('is a valid bash command line whose words are the request', () => {
    const body = `{"note":"it's $HOME"}`;
    const curl = toCurl({ ...base, method: 'PUT', headers: [['X-Quote', "a'b"]], body });
    // Replace curl with printf to see the words bash passes on.
    const words = execFileSync('bash', ['-c', curl.replace(/^curl/m, "printf '%s\\n'")], { encoding: 'utf8' });
    expect(words.split('\n')).toEqual(['-sS', '-i', '-X', 'PUT', base.url, '-H', "X-Quote: a'b", '--data-raw', body, '']);
  });

  it('uses a placeholder for HttpOnly cookies and says why', () => {
    const curl = toCurl({ ...base, credentials: 'same-origin', cookieNames: ['authlab_session'] });
    expect(curl).toContain("-b 'authlab_session=<your cookie>'");
    expect(curl.split('\n')[0]).toMatch(/^# authlab_session is HttpOnly/);
    expect(curl).not.toContain('Authorization');
  });

  it('uses --head for HEAD and no -X for GET', () => {
    expect(toCurl({ ...base, method: 'HEAD' })).toBe('curl -sS --head http://127.0.0.1:3000/api/me');
    expect(toCurl(base)).toBe('curl -sS -i http://127.0.0.1:3000/api/me');
  });
});

describe('toFetch', () => {
  it('writes the headers, a JSON body as code, and the credentials mode', () => {
    const code = toFetch({
      ...base,
      method: 'POST',
      url: 'http://127.0.0.1:3000/api/token',
      headers: [['Content-Type', 'application/json']],
      body: '{"username":"alice","password":"wonderland"}',
    });
    expect(code).toBe(
      [
        'const response = await fetch("http://127.0.0.1:3000/api/token", {',
        '  method: "POST",',
        '  headers: {',
        '    "Content-Type": "application/json",',
        '  },',
        '  body: JSON.stringify({"username":"alice","password":"wonderland"}),',
        '  credentials: "omit", // no cookies: exactly the credential above, or none',
        '});',
        'console.log(response.status, await response.text());',
      ].join('\n'),
    );
  });

  it('keeps a body that is not plain JSON as an escaped string', () => {
    expect(toFetch({ ...base, method: 'POST', body: 'not "json"\n' })).toContain('body: "not \\"json\\"\\n",');
    expect(toFetch({ ...base, method: 'POST', body: '{"__proto__":{"x":1}}' })).toContain('body: "{\\"__proto__\\":{\\"x\\":1}}",');
  });

  it('names the cookies the browser attaches for the session cookie', () => {
    expect(toFetch({ ...base, credentials: 'same-origin', cookieNames: ['authlab_session'] })).toContain(
      'credentials: "same-origin", // the browser attaches its HttpOnly authlab_session itself',
    );
  });

  it('is JavaScript that parses', () => {
    const code = toFetch({ ...base, method: 'POST', headers: [['X-A', '</script>"\u2028']], body: '{"a":"\\u2028"}' });
    expect(() => new Function(`return (async () => { ${code} })`)).not.toThrow();
  });
});
