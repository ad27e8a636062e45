/**
 * What every relying-party library spec shares: an app slot whose port is known before Gatehouse
 * starts (so the app can be registered the way a user of the library would, with `--config` at
 * start), a Gatehouse started with that file, and the hosted login form filled in as a user does.
 */
import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServe, type ServeProcess } from '../support/serve-process';

/** The one user every library signs in; her `name` claim is what each app shows. */
export const USER = { username: 'carol', password: 'carol-password-1', name: 'Carol Reed' } as const;

/** A long enough secret for a confidential client (and for the libraries' own cookie secrets). */
export const CLIENT_SECRET = 'a-long-dev-secret-for-the-library-tests-0123456789';

export interface AppSlot {
  /** `http://127.0.0.1:PORT`, the app's origin. */
  readonly url: string;
  /** Hands the slot's requests to the app once it is built (an express app is a request listener). */
  serve(app: http.RequestListener): void;
  close(): Promise<void>;
}

/** Listens on a free loopback port first, so the redirect URI can be registered before the app exists. */
export async function reserveApp(): Promise<AppSlot> {
  let app: http.RequestListener = (_req, res) => res.writeHead(503).end('not ready');
  const server = http.createServer((req, res) => app(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve: (next) => (app = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A client as `--config` takes it (docs/openid-provider.md "Register a client"). */
export interface ConfigClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  grantTypes: string[];
  clientSecret?: string;
  postLogoutRedirectUris?: string[];
  responseTypes?: string[];
}

/** Headless Gatehouse with a `--config` file holding `USER` and the given clients; `args` adds flags. */
/** A server-side web app's registration: confidential (the shared secret), the code flow, one callback. */
export const webAppClient = (clientId: string, name: string, redirectUri: string): ConfigClient => ({
  clientId,
  clientSecret: CLIENT_SECRET,
  name,
  redirectUris: [redirectUri],
  grantTypes: ['authorization_code'],
});

export async function startGatehouseWith(clients: ConfigClient[], args: string[] = []): Promise<ServeProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-libraries-'));
  const file = path.join(dir, 'gatehouse.json');
  const user = { username: USER.username, password: USER.password, claims: { name: USER.name } };
  fs.writeFileSync(file, JSON.stringify({ demoUsers: false, users: [user], clients }));
  try {
    const server = await startServe({ args: ['--config', file, ...args] });
    return {
      ...server,
      async stop() {
        const code = await server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
        return code;
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Gatehouse's hosted login page, named for the app: the user types her username and password. */
export async function signInOnGatehouse(page: Page, appName: string): Promise<void> {
  await expect(page.getByRole('heading', { name: `Sign in to ${appName}` })).toBeVisible();
  await page.getByLabel('Username').fill(USER.username);
  await page.getByLabel('Password').fill(USER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
