// Runs once per server runtime before it serves: on Node, the key ring's copy goes to a file under DATA_DIR.
// Runtime: edge and Node; the Node-only module is imported behind the NEXT_RUNTIME check, so the edge bundle has no fs.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const [{ installRingPersistence }, { ringFilePersistence }] = await Promise.all([
      import('./lib/auth/keys'),
      import('./lib/auth/key-ring-file'),
    ]);
    installRingPersistence(ringFilePersistence);
  }
}
