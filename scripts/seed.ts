// `npm run seed -- --sessions N [--user NAME] [--users K]`: fills the configured store (the same env as the
// app: UPSTASH_REDIS_REST_URL/TOKEN, SESSION_PASSWORD, lifetimes) with N live sessions, and prints the rate.
// With --user, all for one existing demo user; otherwise spread over K throwaway users (default N/20).
import { performance } from 'node:perf_hooks';
import { seedSessions } from '../lib/auth/seed-sessions';
import { findUserByName, type User } from '../lib/auth/users';
import { getConfig } from '../lib/config';
import { createStoreClient } from '../lib/store/client';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function count(name: string, fallback?: number): number {
  const raw = option(name);
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100_000_000) throw new Error(`--${name} must be a whole number from 1 to 100000000`);
  return n;
}

async function main() {
  const sessions = count('sessions');
  const name = option('user');
  let users: User[];
  if (name !== undefined) {
    const user = findUserByName(name);
    if (!user) throw new Error(`--user ${name}: no such user`);
    users = [user];
  } else {
    const k = count('users', Math.max(1, Math.ceil(sessions / 20)));
    const run = Date.now().toString(36);
    users = Array.from({ length: k }, (_, i) => ({ id: `u_seed_${run}_${i}`, username: `seed-${run}-${i}`, role: 'member' as const }));
  }
  const config = getConfig();
  const redis = createStoreClient({ ...config.store, timeoutMs: Math.max(config.store.timeoutMs, 30_000) });
  const started = performance.now();
  let reported = 0;
  const result = await seedSessions(redis, {
    users,
    count: sessions,
    settings: { sessionPassword: config.sessionPassword, idleTtl: config.sessionIdleTtl, absoluteTtl: config.sessionAbsoluteTtl },
    onProgress: (written) => {
      if (written - reported >= 100_000) {
        reported = written;
        process.stdout.write(`  ${written} sessions written\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const who = name !== undefined ? `user ${name}` : `${users.length} throwaway users`;
  process.stdout.write(
    `seeded ${result.written} sessions for ${who} in ${seconds.toFixed(1)} s (${Math.round(result.written / seconds)} sessions/s)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
