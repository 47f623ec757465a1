// Saves the built-in store's file over and over, as fast as it can, until it is killed: the child
// process of the crash-mid-write test in store-server/persist.test.ts. Argument: the data dir.
import { Engine } from './engine';
import { FilePersistence } from './persist';

async function main() {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: persist-writer.ts <data dir>');
  const engine = new Engine();
  const persistence = new FilePersistence({ dataDir, source: engine, debounceMs: 0, log: () => undefined });
  await persistence.load();
  // A few MB, so that every save takes long enough for a kill to land in the middle of one.
  for (let i = 0; i < 20_000; i++) engine.execute(['SET', `filler:${i}`, 'x'.repeat(100)]);
  for (let n = 1; ; n++) {
    engine.execute(['SET', 'counter', String(n)]);
    persistence.scheduleSave();
    await persistence.flush();
    if (n === 1) process.send?.('saving');
  }
}

void main();
