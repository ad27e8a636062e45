/**
 * What the desktop window sits on: the Gatehouse over the user data folder (keys sealed under
 * safeStorage), the local auth server, and the AdminService the IPC handlers call. No runtime
 * `electron` import (safeStorage comes in as a parameter), so it runs under the tests too.
 */
import path from 'node:path';
import { AdminService } from '../admin/admin-service';
import { VirtualClock } from '../auth/clock';
import type { Gatehouse } from '../auth/gatehouse';
import { createDemoLab } from '../demo';
import { startAuthServer, type AuthServer, type AuthServerOptions } from '../http/auth-server';
import { DEMO_USERS, ensureDemoData, openGatehouse } from '../runtime/open-gatehouse';
import { loadHeadlessSecrets } from '../runtime/secrets';
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

export interface DesktopServices {
  gatehouse: Gatehouse;
  auth: AuthServer;
  admin: AdminService;
  stop(): Promise<void>;
}

export async function startDesktopServices(opts: DesktopOptions): Promise<DesktopServices> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => console.log(line));
  // GATEHOUSE_VIRTUAL_CLOCK=1: the demo workspace, with the virtual clock and the demo lab
  const virtualClock = env.GATEHOUSE_VIRTUAL_CLOCK === '1' ? new VirtualClock() : undefined;
  // locks the data folder, then reads (or, for a store without sealed keys, creates) the KEK
  const gatehouse = await openGatehouse({ dataDir: opts.dataDir, kek: desktopKekSource(opts.dataDir, opts.safeStorage, log), clock: virtualClock });
  try {
    // the same secrets.json as headless mode, so either mode opens the demo users of the other
    const { secrets } = loadHeadlessSecrets(opts.dataDir, env);
    await ensureDemoData(gatehouse, secrets.demoPassword, secrets.clientSecret);
    const lab = createDemoLab(gatehouse, virtualClock, { username: 'alice', password: secrets.demoPassword });
    const auth = await startAuthOnPreferredPort(gatehouse, portFrom(env.GATEHOUSE_AUTH_PORT), log, lab.extend);
    const admin = new AdminService({ gatehouse, authUrl: () => auth.url, mode: 'desktop', version: opts.version, virtualClock, demo: lab.engine(() => auth.url) });
    gatehouse.startMaintenance();
    log(`auth server: ${auth.url}`);
    log(`demo users ${DEMO_USERS.map((u) => u.username).join(' and ')}: password in ${path.join(opts.dataDir, 'secrets.json')}`);
    return {
      gatehouse,
      auth,
      admin,
      async stop() {
        await auth.close();
        await gatehouse.close();
      },
    };
  } catch (err) {
    await gatehouse.close();
    throw err;
  }
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_AUTH_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`GATEHOUSE_AUTH_PORT must be a port number, not ${JSON.stringify(value)}`);
  return port;
}

async function startAuthOnPreferredPort(gatehouse: Gatehouse, port: number, log: (line: string) => void, extend?: AuthServerOptions['extend']): Promise<AuthServer> {
  try {
    return await startAuthServer(gatehouse, { port, extend });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    log(`gatehouse: port ${port} is in use; the auth server takes a free port instead`);
    return startAuthServer(gatehouse, { port: 0, extend });
  }
}
