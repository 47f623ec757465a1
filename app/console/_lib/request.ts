// The request the console composes: its draft, the URL it goes to, its headers and body, byte counts.
// Runtime: browser and Node (pure). The console only ever talks to its own origin.
import type { CredentialChoice } from './credentials';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type Method = (typeof METHODS)[number];

export interface Pair {
  id: string;
  enabled: boolean;
  name: string;
  value: string;
}

export interface Draft {
  method: Method;
  path: string;
  query: Pair[];
  headers: Pair[];
  body: string;
  credential: CredentialChoice;
}

let nextId = 0;
/** A local id for list rows (crypto.randomUUID needs a secure context, which a phone on the LAN may lack). */
export const rowId = () => `row-${++nextId}`;

export const pair = (name: string, value: string, enabled = true): Pair => ({ id: rowId(), enabled, name, value });

export function isMethod(value: string): value is Method {
  return (METHODS as readonly string[]).includes(value);
}

export const bodyAllowed = (method: Method) => method !== 'GET' && method !== 'HEAD';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** The absolute URL for `path` plus the enabled query rows, refused unless it stays on `origin`. */
export function targetUrl(path: string, query: readonly Pair[], origin: string): Result<URL> {
  const trimmed = path.trim();
  if (!trimmed.startsWith('/')) return { ok: false, error: 'The path must start with "/" (for example /api/me).' };
  let url: URL;
  try {
    url = new URL(trimmed, origin);
  } catch {
    return { ok: false, error: 'The path is not a valid URL path.' };
  }
  // "//host/x" or "/\host" would leave the site, and with it your bearer token: never.
  if (url.origin !== new URL(origin).origin)
    return { ok: false, error: 'The console only sends requests to this site; "//" or "\\" at the start would leave it.' };
  for (const q of query) {
    if (q.enabled && q.name.trim() !== '') url.searchParams.append(q.name.trim(), q.value);
  }
  return { ok: true, value: url };
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Fetch's forbidden request headers: a page script may name them, the browser drops them silently. */
export function isForbiddenHeader(name: string): boolean {
  const n = name.trim().toLowerCase();
  return (
    [
      'accept-charset',
      'accept-encoding',
      'access-control-request-headers',
      'access-control-request-method',
      'connection',
      'content-length',
      'cookie',
      'cookie2',
      'date',
      'dnt',
      'expect',
      'host',
      'keep-alive',
      'origin',
      'referer',
      'set-cookie',
      'te',
      'trailer',
      'transfer-encoding',
      'upgrade',
      'via',
    ].includes(n) ||
    n.startsWith('proxy-') ||
    n.startsWith('sec-')
  );
}

/** The enabled header rows as [name, value] pairs, or an error naming a row the browser would refuse. */
export function headerList(rows: readonly Pair[]): Result<[string, string][]> {
  const out: [string, string][] = [];
  for (const row of rows) {
    const name = row.name.trim();
    if (!row.enabled || name === '') continue;
    if (!TOKEN.test(name)) return { ok: false, error: `"${name}" is not a valid header name.` };
    if (/[\r\n\0]/.test(row.value)) return { ok: false, error: `The value of ${name} has a line break, which a header can't carry.` };
    if (isForbiddenHeader(name)) continue;
    out.push([name, row.value.trim()]);
  }
  return { ok: true, value: out };
}

export const hasHeader = (rows: readonly Pair[], name: string) =>
  rows.some((r) => r.enabled && r.name.trim().toLowerCase() === name.toLowerCase());

/** `{{token}}` in the path, headers or body stands for the console's bearer token. */
export const TOKEN_VARIABLE = '{{token}}';

export function usesTokenVariable(draft: Draft): boolean {
  const texts = [draft.path, draft.body, ...draft.query.map((q) => q.value), ...draft.headers.map((h) => h.value)];
  return texts.some((t) => t.includes(TOKEN_VARIABLE));
}

export function fillToken(text: string, token: string | undefined): string {
  return token === undefined ? text : text.split(TOKEN_VARIABLE).join(token);
}

export function fillDraft(draft: Draft, token: string | undefined): Draft {
  const fill = (p: Pair) => ({ ...p, value: fillToken(p.value, token) });
  return {
    ...draft,
    path: fillToken(draft.path, token),
    body: fillToken(draft.body, token),
    query: draft.query.map(fill),
    headers: draft.headers.map(fill),
  };
}

export const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** Bytes of the request line and the headers the console set, as HTTP/1.1 would write them. */
export function requestHeadBytes(method: string, url: URL, headers: readonly [string, string][]): number {
  const line = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
  return byteLength(line + headers.map(([n, v]) => `${n}: ${v}\r\n`).join('') + '\r\n');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** A long credential shortened for display: the start and the length, never needed in full on screen. */
export function shorten(value: string, keep = 24): string {
  return value.length <= keep + 8 ? value : `${value.slice(0, keep)}… (${value.length} chars)`;
}
