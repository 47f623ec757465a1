// `npm run bench:profile`: a CPU profile of the app under load, per protected row, read into where the
// time goes (scripts/bench/cpu-profile.ts). Starts the built-in store and, per row, one `next start`
// under `node --cpu-prof` on the existing build (run `npm run build` or `npm run bench` first), loads
// the row with autocannon, stops it (the profile is written on exit) and prints the self time per part.
// Options: --seconds=10 per row, --connections=32. Runtime: Node (tsx).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { demoCredentials } from '../lib/auth/demo-accounts';
import { stopProcess, waitHealthy } from '../tooling/app-process';
import { freePort } from '../tooling/ports';
import { summarizeProfile, type CpuProfile } from './bench/cpu-profile';
import { openLog, startStore, stop } from './bench/servers';
import { markdownTable } from './bench/table';
import { loadOrCreateSecrets, secretEnv } from './secrets';
import { sessionCookieOf } from '../tooling/session-cookie';

const root = resolve(__dirname, '..');
const option = (name: string, fallback: number) => {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const seconds = option('seconds', 10);
const connections = Math.round(option('connections', 32));
const say = (line = '') => process.stdout.write(`${line}\n`);

const ROWS = [
  { id: 'session', path: '/api/me', credential: 'cookie', env: { JWT_VERIFY_CACHE: 'on' } },
  { id: 'jwt-es256-nocache', path: '/api/me', credential: 'bearer', env: { JWT_VERIFY_CACHE: 'off' } },
  { id: 'jwt-es256', path: '/api/me', credential: 'bearer', env: { JWT_VERIFY_CACHE: 'on' } },
  { id: 'pass-through', path: '/api/bench/passthrough', credential: 'none', env: { JWT_VERIFY_CACHE: 'on' } },
] as const;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-profile-'));
  const log = openLog(join(dataDir, 'servers.log'));
  const secrets = await loadOrCreateSecrets(dataDir);
  const base: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1', ACCESS_TOKEN_TTL: '86400' };
  for (const name of ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'REDIS_URL', 'JWT_SECRET', 'JWT_KEYS', 'SESSION_PASSWORD'])
    delete base[name];
  const store = await startStore(root, { ...base, STORE_TOKEN: secrets.storeToken, STORE_PORT: '0' }, log);
  const env = {
    ...base,
    ...secretEnv(base, secrets),
    UPSTASH_REDIS_REST_URL: store.url,
    UPSTASH_REDIS_REST_TOKEN: secrets.storeToken,
    JWT_ALG: 'ES256',
    JWT_DENYLIST: 'off',
  };
  try {
    for (const row of ROWS) {
      const profileDir = join(dataDir, `profile-${row.id}`);
      const port = await freePort();
      const child = spawn(
        process.execPath,
        [
          '--cpu-prof',
          `--cpu-prof-dir=${profileDir}`,
          join(root, 'node_modules', 'next', 'dist', 'bin', 'next'),
          'start',
          '-H',
          '127.0.0.1',
          '-p',
          String(port),
        ],
        { cwd: root, env: { ...env, ...row.env, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      const url = `http://127.0.0.1:${port}`;
      try {
        if (!(await waitHealthy(url, Date.now() + 120_000, child))) throw new Error(`the app did not start on ${port}`);
        const signIn = async (path: string) => {
          const response = await fetch(`${url}${path}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(demoCredentials('alice')),
          });
          if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
          return response;
        };
        const headers: Record<string, string> =
          row.credential === 'cookie'
            ? { cookie: sessionCookieOf(await signIn('/api/session/login')) }
            : row.credential === 'bearer'
              ? { authorization: `Bearer ${((await (await signIn('/api/token')).json()) as { access_token: string }).access_token}` }
              : {};
        const result = await autocannon({ url: `${url}${row.path}`, headers, connections, duration: seconds });
        say(`${row.id}: ${result.requests.average.toFixed(0)} req/s, ${result.non2xx} non-2xx, over ${seconds} s`);
      } finally {
        await stopProcess(child, { graceMs: 20_000 });
      }
      const files = readdirSync(profileDir).map((f) => join(profileDir, f));
      const file = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
      if (!file) throw new Error(`no profile was written for ${row.id}`);
      const parts = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
      say(
        markdownTable(
          [{ title: `${row.id}: part` }, { title: 'self ms', align: 'right' }, { title: 'share', align: 'right' }],
          parts.map((p) => [p.part, p.ms.toFixed(0), `${(p.share * 100).toFixed(1)}%`]),
        ),
      );
      say();
    }
  } finally {
    await stop(store);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-profile failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
