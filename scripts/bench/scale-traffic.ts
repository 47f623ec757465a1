// The client traffic of `npm run bench -- --scale`, in its own thread so that the seeding's work in
// the main thread never delays it: a PING every 5 ms, two lookup loops, one sign-in loop.
// Runtime: Node worker thread (tsx). Reads how many sessions are seeded from shared memory; stops when told.
import { parentPort, workerData } from 'node:worker_threads';
import { sessionHash, signInCommands, StoreClient } from './scale-client';

interface Input {
  url: string;
  token: string;
  firstSignIn: number;
  /** [0]: sessions seeded so far; [1]: 1 once the traffic should stop. */
  shared: Int32Array;
}

async function main() {
  const { url, token, firstSignIn, shared } = workerData as Input;
  const client = new StoreClient(url, token);
  const running = () => Atomics.load(shared, 1) === 0;
  let failed = 0;
  const pings: number[] = [];
  const lookups: number[] = [];
  const signIns: number[] = [];
  const probe = async () => {
    while (running()) {
      const next = performance.now() + 5;
      const r = await client.send('/', ['PING']);
      pings.push(r.ms);
      if (!r.ok) failed++;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  const lookup = async () => {
    while (running()) {
      const hash = sessionHash(Math.floor(Math.random() * Math.max(1, Atomics.load(shared, 0))));
      const r = await client.send('/', ['MGET', `sess:${hash}`, `sess:${hash}:seen`]);
      lookups.push(r.ms);
      if (!r.ok) failed++;
    }
  };
  let next = firstSignIn;
  const signIn = async () => {
    while (running()) {
      const r = await client.send('/multi-exec', signInCommands(next++, Date.now()));
      signIns.push(r.ms);
      if (!r.ok) failed++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await Promise.all([probe(), lookup(), lookup(), signIn()]);
  parentPort?.postMessage({ pings, lookups, signIns, failed });
}

void main();
