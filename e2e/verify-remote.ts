// Runs `scripts/verify-remote.ts` as another service would: a separate Node process with only a URL.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export function verifyRemote(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', 'scripts', 'verify-remote.ts'), ...args],
      // Nothing of the app's environment goes along: no store URL, no secrets, just the JWKS URL.
      { cwd: join(__dirname, '..'), timeout: 30_000, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
