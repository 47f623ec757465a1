import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_INSTALL_HINT, findChromium } from './tooling/chromium';

const browser = findChromium();
if (!browser) throw new Error(CHROMIUM_INSTALL_HINT);

const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;
// Each run gets its own data dir: its own secrets and store, never the developer's sessions.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'authlab-e2e-'));
process.env.E2E_DATA_DIR = dataDir;
// The second server: the same app, its built-in store forwarding to a real redis-server (REDIS_URL).
const redisPort = port + 1;
export const redisBaseURL = `http://127.0.0.1:${redisPort}`;
const redisDataDir = process.env.E2E_REDIS_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'authlab-e2e-redis-'));
process.env.E2E_REDIS_DATA_DIR = redisDataDir;
// The first server's built-in store on a known port, so a spec can seed it directly (e2e/serial/many-sessions.spec.ts).
const storePort = port + 2;
process.env.E2E_STORE_PORT = String(storePort);
const ci = Boolean(process.env.CI);

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: '.test-reports/e2e-results.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      ...(browser.executablePath ? { executablePath: browser.executablePath } : {}),
      // This machine has no outside network; keep Chromium from trying to phone home at start.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: /(serial|instances)\// },
    // Specs that change global state (the denylist switch, "sign out everywhere") run alone, afterwards.
    {
      name: 'global-state',
      use: { ...devices['Desktop Chrome'] },
      testMatch: /serial\/.*\.spec\.ts/,
      dependencies: ['chromium'],
      fullyParallel: false,
      workers: 1,
    },
    // The specs that depend on the store, again, against the app whose store forwards to a real Redis.
    {
      name: 'redis',
      use: { ...devices['Desktop Chrome'], baseURL: redisBaseURL },
      testMatch: /^(?!.*serial\/).*(api-contract|revoke-session)\.spec\.ts$/,
    },
    {
      name: 'redis-global-state',
      use: { ...devices['Desktop Chrome'], baseURL: redisBaseURL },
      testMatch: /serial\/store-outage\.spec\.ts/,
      dependencies: ['redis', 'global-state'],
      fullyParallel: false,
      workers: 1,
    },
    // Specs that start their own launchers (restarts, two instances over one store) on free ports.
    { name: 'instances', testMatch: /instances\/.*\.spec\.ts/, fullyParallel: false, workers: 1 },
  ],
  webServer: [
    {
      // The production server through the same launcher as `npm start` (built-in store included).
      command: `node --import tsx scripts/start.ts`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        NEXT_TELEMETRY_DISABLED: '1',
        // A short reuse grace, so the replay test sees theft detection after 2 s instead of 10.
        REFRESH_REUSE_GRACE: '2',
        // Every spec's page comes from 127.0.0.1, and the suite makes more than 60 throwaway users in ten
        // minutes (the limit itself is unit-tested in lib/auth/throwaway-users.test.ts).
        THROWAWAY_PER_ADDRESS: '2000',
        STORE_PORT: String(storePort),
        ...(process.env.E2E_REDIS_URL ? { REDIS_URL: process.env.E2E_REDIS_URL } : {}),
      },
    },
    {
      // Started after the first, from its build; it starts (and stops) its own redis-server.
      command: `node --import tsx e2e/redis-web-server.ts`,
      url: `${redisBaseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      env: {
        PORT: String(redisPort),
        HOST: '127.0.0.1',
        DATA_DIR: redisDataDir,
        NEXT_TELEMETRY_DISABLED: '1',
        REFRESH_REUSE_GRACE: '2',
        THROWAWAY_PER_ADDRESS: '2000',
      },
    },
  ],
});
