import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { clientManifestPath, firstLoadFiles, formatKiB, gzipSize } from './first-load-js';

describe('firstLoadFiles', () => {
  it('takes the runtime chunks and every entry chunk of the route, each once, JS only', () => {
    const files = firstLoadFiles(
      { rootMainFiles: ['static/chunks/a.js', 'static/chunks/turbopack-b.js'] },
      {
        entryJSFiles: {
          '[project]/app/layout': ['static/chunks/c.js'],
          '[project]/app/page': ['static/chunks/c.js', '/_next/static/chunks/d.js', 'static/chunks/e.css'],
        },
      },
    );
    expect(files).toEqual(['static/chunks/a.js', 'static/chunks/turbopack-b.js', 'static/chunks/c.js', 'static/chunks/d.js']);
  });

  it('copes with missing fields', () => {
    expect(firstLoadFiles({}, {})).toEqual([]);
  });
});

describe('gzipSize', () => {
  it('is the length of a real gzip stream of the content', () => {
    const text = 'const x = 1;\n'.repeat(500);
    const size = gzipSize(text);
    expect(size).toBeGreaterThan(20);
    expect(size).toBeLessThan(text.length / 10);
    expect(gzipSize(Buffer.from(text))).toBe(size);
    expect(size).toBe(gzipSync(text, { level: 9 }).length);
    expect(gunzipSync(gzipSync(text, { level: 9 })).toString()).toBe(text);
  });
});

describe('formatting and paths', () => {
  it('prints kilobytes of 1024 bytes with one decimal', () => {
    expect(formatKiB(153_600)).toBe('150.0 kB');
    expect(formatKiB(1_536)).toBe('1.5 kB');
  });

  it('finds the manifest of the root and of a nested route', () => {
    expect(clientManifestPath('.next', '/')).toBe('.next/server/app/page_client-reference-manifest.js');
    expect(clientManifestPath('.next', '/measure')).toBe('.next/server/app/measure/page_client-reference-manifest.js');
  });
});
