import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadHeadlessSecrets } from '../../src/main/runtime/secrets';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-secrets-'));
  dirs.push(d);
  return d;
};

describe('loadHeadlessSecrets', () => {
  it('creates a data folder that does not exist yet, owner-only, with a 0600 secrets file', () => {
    const dir = path.join(tmp(), 'nested', 'data');
    const { secrets, fromFile } = loadHeadlessSecrets(dir, {});
    expect(fromFile.sort()).toEqual(['adminToken', 'clientSecret', 'demoPassword']);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(secrets.adminToken.length).toBeGreaterThanOrEqual(32);
  });

  it('keeps generated secrets across starts and lets the environment override each one', () => {
    const dir = tmp();
    const first = loadHeadlessSecrets(dir, {}).secrets;
    const again = loadHeadlessSecrets(dir, {}).secrets;
    expect(again).toEqual(first);
    const withEnv = loadHeadlessSecrets(dir, { GATEHOUSE_ADMIN_TOKEN: 'from-env-token-0123456789' });
    expect(withEnv.secrets.adminToken).toBe('from-env-token-0123456789');
    expect(withEnv.fromFile).not.toContain('adminToken');
    expect(withEnv.secrets.demoPassword).toBe(first.demoPassword);
    // each of the three, on its own
    const password = loadHeadlessSecrets(dir, { GATEHOUSE_DEMO_PASSWORD: 'from-env-password-0123' });
    expect(password.secrets).toEqual({ ...first, demoPassword: 'from-env-password-0123' });
    expect(password.fromFile.sort()).toEqual(['adminToken', 'clientSecret']);
    const client = loadHeadlessSecrets(dir, { GATEHOUSE_CLIENT_SECRET: 'from-env-client-secret-0123' });
    expect(client.secrets).toEqual({ ...first, clientSecret: 'from-env-client-secret-0123' });
    expect(client.fromFile.sort()).toEqual(['adminToken', 'demoPassword']);
    // the file still holds what was generated
    expect(loadHeadlessSecrets(dir, {}).secrets).toEqual(first);
  });
});
