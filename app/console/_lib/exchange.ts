// One sent request and its answer, as the console shows it, with the pure helpers that read it.
// Runtime: browser and Node (pure).
import type { CookieReport } from '@/lib/lab/cookie-report';
import type { CredentialChoice } from './credentials';
import type { Draft } from './request';
import type { Measured, Outgoing } from './transport';

export interface Exchange {
  id: string;
  at: number;
  /** The draft as composed (with `{{token}}` unfilled), for history and editing. */
  draft: Draft;
  credential: CredentialChoice;
  outgoing: Outgoing;
  /** How a damaged or fetched credential was made, and anything else the console did first. */
  notes: string[];
  cookiesBefore: CookieReport | undefined;
  cookiesAfter: CookieReport | undefined;
  measured: Measured;
  /** Bytes up: the request line and headers the console set, and the body. */
  up: { head: number; body: number };
}

/** The body pretty-printed when it is JSON, else as text; `json` is the parsed value. */
export function readBody(text: string): { pretty: string; json: unknown } {
  if (text.trim() === '') return { pretty: '', json: undefined };
  try {
    const json: unknown = JSON.parse(text);
    return { pretty: JSON.stringify(json, null, 2), json };
  } catch {
    return { pretty: text, json: undefined };
  }
}

/** The `code` of an API error body (`{"error":{"code":...}}`). */
export function errorCodeOf(json: unknown): string | undefined {
  if (!json || typeof json !== 'object' || !('error' in json)) return undefined;
  const error = (json as { error: unknown }).error;
  if (!error || typeof error !== 'object' || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function accessTokenOf(json: unknown): string | undefined {
  if (!json || typeof json !== 'object' || !('access_token' in json)) return undefined;
  const token = (json as { access_token: unknown }).access_token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

export function header(headers: readonly [string, string][], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
}

/** What the browser attached, by cookie name: checked by the server, or inferred from the cookie's Path. */
export interface AttachedCookie {
  name: string;
  attached: boolean | 'unknown';
  how: string;
}

export function attachedCookies(credentials: 'same-origin' | 'omit', report: CookieReport | undefined): AttachedCookie[] {
  if (credentials === 'omit' || !report) return [];
  const own: AttachedCookie[] = report.cookies
    .filter((c) => c.appliesToPath)
    .map((c) => {
      if (c.carried === true) return { name: c.name, attached: true, how: 'checked: the server saw it on a probe just before' };
      if (c.carried === false) return { name: c.name, attached: false, how: 'checked: the browser holds none' };
      return {
        name: c.name,
        attached: 'unknown',
        how: `inferred: its Path=${c.cookiePath} covers this path, so the browser sends it if it holds one; a probe outside ${c.cookiePath} can't see it`,
      };
    });
  return [...own, ...report.others.map((name) => ({ name, attached: true, how: 'checked: another cookie of this site' }))];
}

/** Names for `-b name=<your cookie>` in curl: every cookie that went, or may have gone, along. */
export function cookiePlaceholders(credentials: 'same-origin' | 'omit', report: CookieReport | undefined, path: string): string[] {
  if (credentials === 'omit') return [];
  // The refresh cookie is only used beside its companion (authlab_refresh_bind, Path=/), so curl needs both.
  if (!report) return path.startsWith('/api/token') ? ['authlab_session', 'authlab_refresh', 'authlab_refresh_bind'] : ['authlab_session'];
  return attachedCookies(credentials, report)
    .filter((c) => c.attached !== false)
    .map((c) => c.name);
}

export type JarChange = 'set' | 'cleared' | 'kept' | 'absent' | 'unknown';

/** How the answer changed the app's cookies, as far as names show (values are never visible). */
export function jarChanges(before: CookieReport | undefined, after: CookieReport | undefined): { name: string; change: JarChange }[] {
  if (!before || !after) return [];
  return after.cookies.map((a) => {
    const b = before.cookies.find((c) => c.name === a.name);
    if (a.carried === null || !b || b.carried === null) return { name: a.name, change: 'unknown' };
    if (!b.carried && a.carried) return { name: a.name, change: 'set' };
    if (b.carried && !a.carried) return { name: a.name, change: 'cleared' };
    return { name: a.name, change: a.carried ? 'kept' : 'absent' };
  });
}
