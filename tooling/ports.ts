// Free loopback ports for the scripts, specs and test setup that start servers of their own.
// Runtime: Node (tooling).
import { createServer } from 'node:net';

/** Listens on `port` (0: any) on 127.0.0.1 and closes again; the port it got, or undefined if taken. */
function tryListen(port: number): Promise<number | undefined> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(undefined));
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

/**
 * A port nothing listens on right now, with `count - 1` free ports after it (the OS picks the first;
 * there is a small window before the caller binds them).
 */
export async function freePorts(count = 1): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await tryListen(0);
    if (first === undefined || first + count > 65_535) continue;
    let ok = true;
    for (let i = 1; i < count && ok; i++) ok = (await tryListen(first + i)) !== undefined;
    if (ok) return first;
  }
  throw new Error(`no ${count} free consecutive ports`);
}

/** One free port. */
export const freePort = (): Promise<number> => freePorts(1);
