// The JavaScript a route makes the browser load before it is interactive, and its compressed size.
// Runtime: Node (build and bench scripts). Next 16 with Turbopack no longer prints "First Load JS".
//
// A page loads the app-wide runtime chunks (`rootMainFiles` in .next/build-manifest.json) plus the
// chunks of its layouts and page (`entryJSFiles` in its client-reference manifest). Polyfills are
// left out (modern browsers skip those `nomodule` scripts), and so are chunks loaded later on demand.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';

/** The sign-in page's budget: what the issue asks the app to stay under, compressed. */
export const FIRST_LOAD_BUDGET_BYTES = 150 * 1024;

interface BuildManifest {
  rootMainFiles?: string[];
}
interface ClientReferenceManifest {
  entryJSFiles?: Record<string, string[]>;
}

/** The files a route's first load fetches, in order, each once (paths relative to the dist dir). */
export function firstLoadFiles(build: BuildManifest, client: ClientReferenceManifest): string[] {
  const files = [...(build.rootMainFiles ?? []), ...Object.values(client.entryJSFiles ?? {}).flat()];
  return [...new Set(files.map((f) => f.replace(/^\/?_next\//, '').replace(/^\//, '')))].filter((f) => f.endsWith('.js'));
}

/** Bytes after gzip at level 9, as bundle-size tools count (servers often compress less: a lower bound). */
export function gzipSize(content: Buffer | string): number {
  return gzipSync(content, { level: 9 }).length;
}

export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** Where a route's client-reference manifest lives, e.g. `/` → server/app/page_client-reference-manifest.js. */
export function clientManifestPath(distDir: string, route: string): string {
  const segment = route === '/' ? '' : route.replace(/\/$/, '');
  return join(distDir, 'server', 'app', `${segment}/page_client-reference-manifest.js`.replace(/^\//, ''));
}

/** Loads the manifest, which Next writes as a script assigning to `globalThis.__RSC_MANIFEST`. */
function readClientManifest(file: string, route: string): ClientReferenceManifest {
  const sandbox: { globalThis?: unknown; self?: unknown; __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
  sandbox.globalThis = sandbox;
  sandbox.self = sandbox;
  runInNewContext(readFileSync(file, 'utf8'), sandbox, { timeout: 1_000 });
  const key = route === '/' ? '/page' : `${route.replace(/\/$/, '')}/page`;
  const manifest = sandbox.__RSC_MANIFEST?.[key];
  if (!manifest) throw new Error(`${file} has no entry for ${key}`);
  return manifest;
}

export interface FirstLoad {
  route: string;
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
}

/** Measures a built route's first-load JavaScript from the manifests in `distDir` (usually `.next`). */
export function measureFirstLoad(distDir: string, route: string): FirstLoad {
  const build = JSON.parse(readFileSync(join(distDir, 'build-manifest.json'), 'utf8')) as BuildManifest;
  const manifestFile = clientManifestPath(distDir, route);
  if (!existsSync(manifestFile)) throw new Error(`no client-reference manifest for ${route} (${manifestFile}); is the app built?`);
  const files = firstLoadFiles(build, readClientManifest(manifestFile, route)).map((file) => {
    const content = readFileSync(join(distDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSize(content) };
  });
  return {
    route,
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}
