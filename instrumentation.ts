// Runs once per server runtime before it serves: on Node, the node's copies (key ring, settings) go to files under DATA_DIR.
// Runtime: edge and Node; the Node-only modules are imported behind the NEXT_RUNTIME check, so the edge bundle has no fs.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ COPY_EVERY_MS, installNodeCopyStore }, { fileCopies }, { getKeyRing }, { denylistEnabled }, { getConfig }] = await Promise.all([
    import('./lib/auth/node-copy'),
    import('./lib/auth/node-copy-file'),
    import('./lib/auth/keys'),
    import('./lib/auth/settings'),
    import('./lib/config'),
  ]);
  installNodeCopyStore(fileCopies);
  // The copies follow the store even while no Node route runs (the edge, which verifies, can't write
  // them): their age is what bounds how long a key is trusted without the store. Once a minute; after
  // a failure (the store down or slow to start) sooner, backing off. Failures are the routes' to report.
  let retryMs = 1_000;
  const refresh = async () => {
    const config = getConfig();
    const results = await Promise.allSettled([getKeyRing(config), denylistEnabled(config)]);
    const ok = results.every((r) => r.status === 'fulfilled');
    retryMs = ok ? 1_000 : Math.min(retryMs * 2, COPY_EVERY_MS);
    setTimeout(() => void refresh().catch(() => undefined), ok ? COPY_EVERY_MS : retryMs).unref();
  };
  void refresh().catch(() => undefined);
}
