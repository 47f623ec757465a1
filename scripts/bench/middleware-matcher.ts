// Whether the built middleware runs on a path, read from .next/server/middleware-manifest.json, so
// the benchmark can say which of its routes pass through the middleware. Runtime: Node.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  middleware?: Record<string, { matchers?: { regexp: string; originalSource?: string }[] }>;
}

/** The matcher source (e.g. `/api/:path*`) that covers `path`, or `undefined` when the middleware skips it. */
export function matcherFor(manifest: Manifest, path: string): string | undefined {
  for (const entry of Object.values(manifest.middleware ?? {})) {
    for (const m of entry.matchers ?? []) {
      if (new RegExp(m.regexp).test(path)) return m.originalSource ?? m.regexp;
    }
  }
  return undefined;
}

export function readMiddlewareManifest(distDir: string): Manifest {
  const file = join(distDir, 'server', 'middleware-manifest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : {};
}
