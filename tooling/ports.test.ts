import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, freePorts } from './ports';

const listening: Server[] = [];

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      listening.push(server);
      resolve(server);
    });
  });
}

afterEach(async () => {
  await Promise.all(listening.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('freePorts', () => {
  it('gives a first port with the next ones free too, all of them bindable at once', async () => {
    const first = await freePorts(3);
    expect(first).toBeGreaterThan(0);
    expect(first + 2).toBeLessThanOrEqual(65_535);
    const servers = await Promise.all([first, first + 1, first + 2].map(listen));
    expect(servers.map((s) => (s.address() as { port: number }).port)).toEqual([first, first + 1, first + 2]);
  });

  it('gives one bindable port by default, as freePort does', async () => {
    for (const port of [await freePorts(), await freePort()]) {
      expect((await listen(port)).address()).toMatchObject({ address: '127.0.0.1', port });
    }
  });
});
