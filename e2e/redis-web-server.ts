// Playwright's second web server: the app through `npm start`'s launcher, with its built-in store
// forwarding to a real Redis (REDIS_URL) that this process starts and stops. Runtime: Node (tsx).
// Serves the build the first web server made (`--no-build`), so two builds never race.
import { spawnLauncher } from '../tooling/app-process';
import { testRedis } from './test-redis';

async function main() {
  const redis = await testRedis(6);
  process.stdout.write(`[e2e] redis for the app at ${redis.url}\n`);
  const app = spawnLauncher({ script: 'start', build: false, env: { ...process.env, REDIS_URL: redis.url }, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => {
    void redis.stop().finally(() => process.exit(code ?? (signal ? 1 : 0)));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n\n`);
  process.exit(1);
});
