// Where to go after sign-in: only ever a path of this site, whatever a `next` parameter says.
// Runtime: any. Parsed against a fixed dummy origin, so the browser's own URL rules decide.

const BASE = 'http://authlab.invalid';

/**
 * Returns a same-site path (with query and hash) for `raw`, or `fallback`. Refuses absolute and
 * scheme-relative URLs (`//evil`, `/\evil`, encoded or with tabs and newlines, which browsers drop),
 * other schemes (`javascript:`) and anything that resolves off this origin.
 */
export function safeNextPath(raw: string | null | undefined, fallback = '/'): string {
  if (!raw || raw.length > 2048) return fallback;
  // Browsers strip tab and newline characters from URLs before parsing; do the same first.
  const cleaned = raw.replace(/[\t\n\r]/g, '');
  if (!cleaned.startsWith('/') || cleaned.startsWith('//') || cleaned.startsWith('/\\')) return fallback;
  let url: URL;
  try {
    url = new URL(cleaned, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A decoded path that now starts with two slashes would be scheme-relative on a second hop.
  if (path.startsWith('//') || path.startsWith('/\\')) return fallback;
  return path;
}
