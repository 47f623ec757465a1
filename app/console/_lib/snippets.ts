// "Copy as curl" and "Copy as fetch" for a request exactly as the console sent it.
// Runtime: browser and Node (pure). HttpOnly cookies can't be read by the page, so they become placeholders.

export interface CodeRequest {
  method: string;
  /** Absolute, on the page's own origin. */
  url: string;
  /** The headers the console set, Authorization included for bearer credentials. */
  headers: readonly [string, string][];
  body: string | null;
  credentials: 'same-origin' | 'omit';
  /** Names of the HttpOnly cookies the browser attaches; curl gets `<your cookie>` for each. */
  cookieNames: readonly string[];
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes for bash/sh: single quotes, each inner `'` written as `'\''`. Safe words stay bare. */
export function shellQuote(value: string): string {
  if (value !== '' && SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export const COOKIE_PLACEHOLDER = '<your cookie>';

export function toCurl(request: CodeRequest): string {
  const args: string[] = ['curl', '-sS'];
  if (request.method === 'HEAD') args.push('--head');
  else {
    args.push('-i');
    if (request.method !== 'GET') args.push('-X', request.method);
  }
  args.push(shellQuote(request.url));
  for (const [name, value] of request.headers) args.push('-H', shellQuote(`${name}: ${value}`));
  if (request.cookieNames.length > 0) {
    args.push('-b', shellQuote(request.cookieNames.map((name) => `${name}=${COOKIE_PLACEHOLDER}`).join('; ')));
  }
  if (request.body !== null) args.push('--data-raw', shellQuote(request.body));
  const lines: string[] = [];
  if (request.cookieNames.length > 0) {
    lines.push(
      `# ${request.cookieNames.join(' and ')} ${request.cookieNames.length > 1 ? 'are' : 'is'} HttpOnly: this page can't read the value.`,
    );
    lines.push("# Copy it from the browser's developer tools (Application > Cookies) in place of <your cookie>.");
  }
  // One option per line keeps long tokens readable; a trailing backslash continues the command.
  const command: string[] = [];
  let line = '';
  for (const arg of args) {
    const startsOption = arg.startsWith('-') && line !== '' && !['curl', '-sS', '-i', '--head'].includes(arg);
    if (startsOption) {
      command.push(line);
      line = arg;
    } else {
      line = line === '' ? arg : `${line} ${arg}`;
    }
  }
  command.push(line);
  lines.push(command.join(' \\\n  '));
  return lines.join('\n');
}

/** A JS string literal (JSON's quoting is valid JS). */
const js = (value: string) => JSON.stringify(value);

/** The body as `JSON.stringify({...})` when it is plain JSON, so it reads like code; else a string literal. */
function bodyExpression(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    // "__proto__" as a key would change meaning inside an object literal; keep such bodies as text.
    if (parsed !== null && typeof parsed === 'object' && !body.includes('__proto__')) return `JSON.stringify(${JSON.stringify(parsed)})`;
  } catch {
    // Not JSON: sent as typed.
  }
  return js(body);
}

export function toFetch(request: CodeRequest): string {
  const lines = [`const response = await fetch(${js(request.url)}, {`, `  method: ${js(request.method)},`];
  if (request.headers.length > 0) {
    lines.push('  headers: {');
    for (const [name, value] of request.headers) lines.push(`    ${js(name)}: ${js(value)},`);
    lines.push('  },');
  }
  if (request.body !== null) lines.push(`  body: ${bodyExpression(request.body)},`);
  const why =
    request.credentials === 'same-origin'
      ? request.cookieNames.length > 0
        ? `// the browser attaches its HttpOnly ${request.cookieNames.join(' and ')} itself`
        : '// the browser attaches its cookies for this path itself'
      : '// no cookies: exactly the credential above, or none';
  lines.push(`  credentials: ${js(request.credentials)}, ${why}`);
  lines.push('});');
  lines.push('console.log(response.status, await response.text());');
  return lines.join('\n');
}
