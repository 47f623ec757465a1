// RFC 6265 §5.1.4 path-match: whether a cookie set with `Path` rides on a request for a path.
// Runtime: any (pure). Shared by the console's cookie report and the claims' own cookie jar.
export function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}
