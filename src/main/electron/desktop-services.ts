/**
 * What the desktop window sits on: the Gatehouse over the user data folder (keys sealed under
 * safeStorage), the local auth server, and the AdminService the IPC handlers call. No runtime
 * `electron` import (safeStorage comes in as a parameter), so it runs under the tests too.
 */
import path from 'node:path';
import { DEMO_USERS } from '../runtime/open-gatehouse';
import { startServices, type Services } from '../runtime/services';
import { desktopKekSource, type SafeStorageLike } from './safe-storage-kek';

/** The auth server's usual port; taken already (say, by a headless Gatehouse), any free one is used. */
export const DEFAULT_AUTH_PORT = 8787;

export interface DesktopOptions {
  dataDir: string;
  safeStorage: SafeStorageLike;
  version: string;
  /** GATEHOUSE_AUTH_PORT overrides the port; the GATEHOUSE_* secrets work as in headless mode. */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export type DesktopServices = Services;

/** The desktop window's services: the shared composition root, with the KEK sealed by safeStorage. */
export async function startDesktopServices(opts: DesktopOptions): Promise<DesktopServices> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => console.log(line));
  const services = await startServices({
    dataDir: opts.dataDir,
    mode: 'desktop',
    version: opts.version,
    port: portFrom(env.GATEHOUSE_AUTH_PORT),
    anyPortIfTaken: true,
    // GATEHOUSE_VIRTUAL_CLOCK=1: the virtual clock for test suites that drive the desktop app's time
    virtualClock: env.GATEHOUSE_VIRTUAL_CLOCK === '1',
    kek: desktopKekSource(opts.dataDir, opts.safeStorage, log),
    env,
    log,
  });
  log(`auth server: ${services.auth.url}`);
  log(
    `demo users ${DEMO_USERS.map((u) => u.username).join(' and ')}: password in ${path.join(opts.dataDir, 'secrets.json')}`,
  );
  return services;
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_AUTH_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`GATEHOUSE_AUTH_PORT must be a port number, not ${JSON.stringify(value)}`);
  return port;
}
