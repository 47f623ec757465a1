// Runs once per server runtime before it serves: on Node, the node's copies (key ring, settings) go to files under DATA_DIR.
// Runtime: edge and Node; the Node-only module is imported behind the NEXT_RUNTIME check, so the edge bundle has no fs.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const [{ installNodeCopyStore }, { fileCopies }] = await Promise.all([
      import('./lib/auth/node-copy'),
      import('./lib/auth/node-copy-file'),
    ]);
    installNodeCopyStore(fileCopies);
  }
}
