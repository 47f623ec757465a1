// `npm run store`: the built-in Upstash-compatible store as its own process, configured from the env.
// Runtime: Node (tsx). One line when listening; an IPC parent also gets `{ type: 'ready', url }`.
import { z } from 'zod';
import { startStoreServer, type StoreServer } from './server';

const EnvSchema = z.object({
  STORE_PORT: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return 0;
      const port = Number(raw);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        ctx.addIssue({ code: 'custom', message: 'STORE_PORT must be a port number from 0 to 65535 (0 picks a free one)' });
        return z.NEVER;
      }
      return port;
    }),
  STORE_TOKEN: z
    .string({ message: 'STORE_TOKEN is required: the Bearer token clients must send' })
    .min(32, { message: 'STORE_TOKEN is too short: use at least 32 characters' }),
  DATA_DIR: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? '.data' : s)),
  STORE_FSYNC_INTERVAL_MS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const ms = Number(raw);
      if (!Number.isInteger(ms) || ms < 1 || ms > 60_000) {
        ctx.addIssue({ code: 'custom', message: 'STORE_FSYNC_INTERVAL_MS must be a whole number of ms from 1 to 60000' });
        return z.NEVER;
      }
      return ms;
    }),
  REDIS_URL: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()))
    .refine((s) => s === undefined || /^rediss?:\/\//.test(s), {
      message: 'REDIS_URL must start with redis:// or rediss://',
    }),
});

function fail(message: string): never {
  process.stderr.write(`store: ${message}\n`);
  process.send?.({ type: 'error', message });
  process.exit(1);
}

async function main() {
  // This process is its own entry point, so it reads its few variables here, once, via zod.
  const parsed = EnvSchema.safeParse({
    STORE_PORT: process.env.STORE_PORT,
    STORE_TOKEN: process.env.STORE_TOKEN,
    DATA_DIR: process.env.DATA_DIR,
    STORE_FSYNC_INTERVAL_MS: process.env.STORE_FSYNC_INTERVAL_MS,
    REDIS_URL: process.env.REDIS_URL,
  });
  if (!parsed.success) fail(parsed.error.issues.map((issue) => issue.message).join('; '));
  const env = parsed.data;

  let server: StoreServer | undefined;
  let stopping = false;
  const stop = (why: string) => {
    // A second signal means "now": the first is still flushing.
    if (stopping) process.exit(1);
    stopping = true;
    // Still starting: nothing has been written yet, so there is nothing to flush.
    if (!server) process.exit(0);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`store: ${why}, but closing failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // Installed before "ready" goes out: a parent may signal the moment it hears it.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A launcher that dies without signalling leaves no orphan store behind.
  if (process.send) process.on('disconnect', () => stop('parent gone'));

  try {
    server = await startStoreServer({
      port: env.STORE_PORT,
      token: env.STORE_TOKEN,
      ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : { dataDir: env.DATA_DIR }),
      ...(env.STORE_FSYNC_INTERVAL_MS === undefined ? {} : { fsyncIntervalMs: env.STORE_FSYNC_INTERVAL_MS }),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    fail(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  }

  const where = server.backend === 'memory' ? `memory, journaled to ${server.storage}` : server.storage;
  process.stdout.write(`store listening on ${server.url} (${where})\n`);
  process.send?.({ type: 'ready', url: server.url });
}

// No top-level await: tsx runs this file as CommonJS (package.json has no "type": "module").
main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
