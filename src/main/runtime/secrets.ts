import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The three headless-mode secrets, each from its environment variable or generated once (docs/operations.md, Headless mode). */
export interface HeadlessSecrets {
  demoPassword: string;
  clientSecret: string;
  adminToken: string;
}

const ENV: Record<keyof HeadlessSecrets, string> = {
  demoPassword: 'GATEHOUSE_DEMO_PASSWORD',
  clientSecret: 'GATEHOUSE_CLIENT_SECRET',
  adminToken: 'GATEHOUSE_ADMIN_TOKEN',
};

/**
 * Reads `secrets.json` (0600) in the data folder; a value missing from the environment is taken
 * from there, or generated and saved. Returns the secrets and which ones did not come from the
 * environment (those are printed so that the operator can use them).
 */
export function loadHeadlessSecrets(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { secrets: HeadlessSecrets; fromFile: (keyof HeadlessSecrets)[] } {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'secrets.json');
  let saved: Partial<HeadlessSecrets> = {};
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HeadlessSecrets>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: ${(err as Error).message}`);
  }
  const secrets = {} as HeadlessSecrets;
  const fromFile: (keyof HeadlessSecrets)[] = [];
  for (const key of Object.keys(ENV) as (keyof HeadlessSecrets)[]) {
    const fromEnv = env[ENV[key]];
    if (fromEnv) secrets[key] = fromEnv;
    else {
      secrets[key] = typeof saved[key] === 'string' && saved[key] ? saved[key] : randomBytes(24).toString('base64url');
      fromFile.push(key);
    }
  }
  const toSave = { ...saved };
  for (const key of fromFile) toSave[key] = secrets[key];
  fs.writeFileSync(file, JSON.stringify(toSave, null, 2), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return { secrets, fromFile };
}

export const secretEnvName = (key: keyof HeadlessSecrets): string => ENV[key];
