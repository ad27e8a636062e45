import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type RunningHeadless } from '../../src/main/runtime/headless';
import { makeTempDir } from '../support/gatehouse-fixture';
import { basicAuth, login, postForm } from '../support/http-client';
import { startTestRedis, type TestRedis } from './redis-server';

// docs/operations.md's "Several instances": two headless instances on one Redis, each with its own data
// folder and generated secrets, started one after the other
let redis: TestRedis;
const kek = randomBytes(32).toString('base64url');
const folders: string[] = [];
const running: RunningHeadless[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
});
afterEach(async () => {
  for (const instance of running.splice(0)) await instance.stop();
});
afterAll(async () => {
  await redis?.close();
  folders.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
});

/** An instance on Redis database `db` (each test's own deployment). */
async function start(dataDir: string, env: NodeJS.ProcessEnv = {}, db = 0) {
  const lines: string[] = [];
  const instance = await startHeadless({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    consolePort: 0,
    store: `${redis.url}/${db}`,
    env: { GATEHOUSE_KEK: kek, ...env },
    log: (line) => lines.push(line),
  });
  running.push(instance);
  const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
  return { instance, url: instance.auth.url, lines, saved };
}
const folder = () => {
  const dir = makeTempDir();
  folders.push(dir);
  return dir;
};
const clientToken = (url: string, secret: string) =>
  postForm(
    `${url}/oauth/token`,
    { grant_type: 'client_credentials' },
    { authorization: basicAuth('demo-resource', secret) },
  );

describe('two instances on one Redis seed the demo data once', () => {
  it("a later instance keeps the first one's demo password and client secret, and prints only what is true", async () => {
    const dirA = folder();
    const a = await start(dirA);
    expect(a.lines).toContain(`demo users: alice (admin, user), bob (user); password: ${a.saved.demoPassword}`);
    expect(
      a.lines.some((l) => l.startsWith(`GATEHOUSE_CLIENT_SECRET was not set; using ${a.saved.clientSecret} `)),
    ).toBe(true);

    const b = await start(folder());
    expect(b.lines).toContain(
      'demo users: alice (admin, user), bob (user) exist already; their password is the one printed by the first instance',
    );
    expect(b.lines).toContain(
      'GATEHOUSE_CLIENT_SECRET was not set; demo-resource exists already, with the secret the first instance printed',
    );
    // B's own generated secrets, which the deployment does not use, are printed nowhere
    const printed = b.lines.join('\n');
    expect(printed).not.toContain(b.saved.demoPassword);
    expect(printed).not.toContain(b.saved.clientSecret);

    // A's printed secrets work on both instances; B's do not
    for (const url of [a.url, b.url]) {
      expect((await login(url, 'alice', a.saved.demoPassword!)).access_token).toBeTruthy();
      expect((await clientToken(url, a.saved.clientSecret!)).status).toBe(200);
      expect((await clientToken(url, b.saved.clientSecret!)).status).toBe(401);
    }

    // a restart of A re-seeds nothing and still prints its secrets, which are the deployment's
    await running.shift()!.stop();
    const again = await start(dirA);
    expect(again.lines).toContain(`demo users: alice (admin, user), bob (user); password: ${a.saved.demoPassword}`);
    expect((await clientToken(again.url, a.saved.clientSecret!)).status).toBe(200);
    // three starts and a stop of real instances: well over the default timeout on a loaded machine
  }, 60_000);

  it('secrets given by the environment on every instance are the ones printed and used', async () => {
    const first = await start(folder(), {}, 1);
    const password = first.saved.demoPassword!;
    const env = { GATEHOUSE_DEMO_PASSWORD: password, GATEHOUSE_CLIENT_SECRET: 'shared-client-secret-0123456789' };
    const c = await start(folder(), env, 1);
    expect(c.lines).toContain(
      'demo users: alice (admin, user), bob (user); password: the GATEHOUSE_DEMO_PASSWORD you set',
    );
    expect(c.lines.some((l) => l.startsWith('GATEHOUSE_CLIENT_SECRET'))).toBe(false);
    // the client secret from the environment is the deployment's from now on, on every instance
    expect((await clientToken(first.url, env.GATEHOUSE_CLIENT_SECRET)).status).toBe(200);
    expect((await clientToken(first.url, first.saved.clientSecret!)).status).toBe(401);
  }, 60_000);
});
