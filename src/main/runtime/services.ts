import { AdminService } from '../admin/admin-service';
import { VirtualClock } from '../auth/clock';
import type { Gatehouse } from '../auth/gatehouse';
import type { KekSource } from '../auth/key-seal';
import { Sandbox } from '../demo/sandbox';
import { startAuthServer, type AuthServer } from '../http/auth-server';
import { agreeOnIssuer } from '../store/redis/deployment';
import { RedisStore } from '../store/redis/redis-store';
import { applyConfig, type GatehouseConfig } from './config-file';
import { seedDeployment, type SeedOutcome } from './demo-seed';
import { openGatehouse } from './open-gatehouse';
import { loadHeadlessSecrets, type HeadlessSecrets } from './secrets';

export interface ServicesOptions {
  /** The data folder: locked for the process's life, holding the database (or secrets and KEK with Redis). */
  dataDir: string;
  mode: 'desktop' | 'headless';
  version: string;
  host?: string;
  port: number;
  /** Desktop: when `port` is taken (say, by a headless Gatehouse), listen on any free one instead. */
  anyPortIfTaken?: boolean;
  /** `sqlite` (default) or `redis://host:port[/db]`: instances on one Redis form one deployment. */
  store?: string;
  /** The deployment's public issuer URL (`--issuer`). */
  issuer?: string;
  /** Browser origins allowed to call the auth server (CORS); none by default. */
  corsOrigins?: string[];
  /** Peers (addresses, CIDR ranges) whose `X-Forwarded-For` names the client (`--trust-proxy`); none by default. */
  trustProxy?: string[];
  /** Cookies `Secure` even when the issuer is not `https` (`--secure-cookies`); an `https` issuer implies it. */
  secureCookies?: boolean;
  /** The live instance's clock as a VirtualClock (`--virtual-clock`), for test suites that drive its time. */
  virtualClock?: boolean;
  /** `--config FILE`, already read and checked: its users and clients are applied once the auth server listens. */
  config?: GatehouseConfig;
  /**
   * This process's other servers' origins known before they start (headless mode's console on a
   * fixed port): with the auth server's and the issuer, no client's back-channel URI may point there.
   */
  ownOrigins?: string[];
  /** Where the demo lab's sandbox makes its temporary folder; the OS temp folder by default. */
  sandboxTmpDir?: string;
  /** The key-encryption key's home; headless mode's file or GATEHOUSE_KEK by default. */
  kek?: KekSource;
  env?: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface Services {
  gatehouse: Gatehouse;
  auth: AuthServer;
  admin: AdminService;
  /** The demo lab's sandbox: a second Gatehouse with its own AdminApi (`sandbox.admin`, `sandbox.bus`). */
  sandbox: Sandbox;
  secrets: HeadlessSecrets;
  /** The secrets that did not come from the environment (generated or read from secrets.json). */
  secretsFromFile: (keyof HeadlessSecrets)[];
  /** Whether this start created the demo data, and which of its secrets the deployment's data uses. */
  seeding: SeedOutcome;
  stop(): Promise<void>;
}

/**
 * The one composition root, for the desktop app and headless mode alike: the data folder (its
 * lock first), the secrets and demo data, the auth server, the issuer and the origins Gatehouse
 * serves (told to the client registry), `--config`, the demo lab's sandbox
 * (started on first use), the admin service and the maintenance timer. The root decides the
 * issuer; nothing below it changes it.
 */
export async function startServices(opts: ServicesOptions): Promise<Services> {
  const env = opts.env ?? process.env;
  const virtualClock = opts.virtualClock ? new VirtualClock() : undefined;
  // first: it locks the data folder and refuses a bad start before anything in it is written
  const gatehouse = await openGatehouse({
    dataDir: opts.dataDir,
    clock: virtualClock,
    store: opts.store,
    kek: opts.kek,
    env,
  });
  let auth: AuthServer | undefined;
  try {
    const { secrets, fromFile } = loadHeadlessSecrets(opts.dataDir, env);
    // once per deployment: a second instance or a restart keeps the first one's demo secrets
    const seeding = await seedDeployment(
      gatehouse,
      secrets,
      !fromFile.includes('clientSecret'),
      opts.config?.demoUsers ?? true,
    );
    auth = await listen(gatehouse, opts);
    gatehouse.settings.setIssuer(await decideIssuer(gatehouse, auth.url, opts.issuer));
    // known only now (the port may be picked at start), and before --config's back-channel URIs are checked
    gatehouse.clients.ownOrigins.add(auth.url, gatehouse.settings.get().issuer, ...(opts.ownOrigins ?? []));
    if (opts.config) await applyConfig(gatehouse, opts.config);
    const authUrl = auth.url;
    // the lab never runs on the live instance: its scenarios get a Gatehouse of their own
    const sandbox = new Sandbox({
      live: gatehouse,
      mode: opts.mode,
      version: opts.version,
      tmpDir: opts.sandboxTmpDir,
    });
    const admin = new AdminService({
      gatehouse,
      authUrl: () => authUrl,
      mode: opts.mode,
      version: opts.version,
      virtualClock,
      demo: sandbox,
    });
    gatehouse.startMaintenance();
    const server = auth;
    return {
      gatehouse,
      auth: server,
      admin,
      sandbox,
      secrets,
      secretsFromFile: fromFile,
      seeding,
      async stop() {
        await sandbox.close();
        await server.close();
        await gatehouse.close();
      },
    };
  } catch (err) {
    await auth?.close();
    await gatehouse.close();
    throw err;
  }
}

async function listen(gatehouse: Gatehouse, opts: ServicesOptions): Promise<AuthServer> {
  const serverOpts = {
    host: opts.host,
    port: opts.port,
    corsOrigins: opts.corsOrigins,
    trustProxy: opts.trustProxy,
    secureCookies: opts.secureCookies,
  };
  try {
    return await startAuthServer(gatehouse, serverOpts);
  } catch (err) {
    if (!opts.anyPortIfTaken || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || opts.port === 0) throw err;
    opts.log(`gatehouse: port ${opts.port} is in use; the auth server takes a free port instead`);
    return startAuthServer(gatehouse, { ...serverOpts, port: 0 });
  }
}

/**
 * The issuer (`iss`) every token carries: `--issuer` when given (the public URL behind a proxy);
 * on a Redis deployment, the one its instances agreed on (the first one's URL); else this
 * server's own URL.
 */
async function decideIssuer(gatehouse: Gatehouse, ownUrl: string, explicit: string | undefined): Promise<string> {
  const store = gatehouse.store;
  if (store instanceof RedisStore) return agreeOnIssuer(store.redis, store.keys, ownUrl, explicit);
  return explicit ?? ownUrl;
}
