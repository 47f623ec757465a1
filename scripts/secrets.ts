// Secrets for a local run: taken from the environment, or generated once and kept under DATA_DIR.
// Runtime: Node (the launcher). Files are written 0600 via write-and-rename, so a crash never leaves half a secret.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { generatePrivateJwk } from '../lib/auth/keys';

const SecretsFile = z.object({
  sessionPassword: z.string(),
  jwtSecret: z.string(),
  storeToken: z.string(),
  jwtKeys: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
});
export type Secrets = z.infer<typeof SecretsFile>;

function writeAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, path);
  chmodSync(path, 0o600);
}

/** Reads `<dataDir>/secrets.json`, creating it with fresh random values the first time. */
export async function loadOrCreateSecrets(dataDir: string): Promise<Secrets> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'secrets.json');
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = SecretsFile.safeParse(json);
    // A damaged file is not silently replaced: that would sign everyone out.
    if (!parsed.success) throw new Error(`${path} is damaged; fix it or delete it to generate new secrets (everyone will be signed out).`);
    return parsed.data;
  }
  const secrets: Secrets = {
    sessionPassword: randomBytes(32).toString('base64url'),
    jwtSecret: randomBytes(32).toString('base64url'),
    storeToken: randomBytes(32).toString('base64url'),
    jwtKeys: { keys: [await generatePrivateJwk('ES256'), await generatePrivateJwk('EdDSA')] as unknown as Record<string, unknown>[] },
  };
  writeAtomic(path, `${JSON.stringify(secrets, null, 2)}\n`);
  return secrets;
}

/**
 * The environment the app runs with: every secret the user set wins; the rest come from the file.
 * Returns only the variables it filled in.
 */
export function secretEnv(env: Record<string, string | undefined>, secrets: Secrets): Record<string, string> {
  const out: Record<string, string> = {};
  if (!env.SESSION_PASSWORD) out.SESSION_PASSWORD = secrets.sessionPassword;
  if (!env.JWT_SECRET) out.JWT_SECRET = secrets.jwtSecret;
  if (!env.JWT_KEYS) out.JWT_KEYS = JSON.stringify(secrets.jwtKeys);
  return out;
}
