import type { AdminService } from '../admin/admin-service';
import { VirtualClock } from '../auth/clock';
import type { Gatehouse } from '../auth/gatehouse';
import type { KekSource } from '../auth/key-seal';
import type { Sandbox } from '../demo/sandbox';
import type { AuthServer } from '../http/auth-server';
import { composeInstance } from './compose';
import type { GatehouseConfig } from './config-file';
import { seedDeployment, type SeedOutcome } from './demo-seed';
import { createSandbox } from './sandbox-instance';
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
 * The live instance, for the desktop app and headless mode alike: `composeInstance` (compose.ts)
 * with the live app's parts: the data folder's secrets and the deployment's demo data (seeded once),
 * the command line's server, issuer and `--config`, and the demo lab's sandbox (started on first use).
 */
export async function startServices(opts: ServicesOptions): Promise<Services> {
  const env = opts.env ?? process.env;
  let sandbox: Sandbox | undefined;
  const instance = await composeInstance({
    dataDir: opts.dataDir,
    store: opts.store,
    kek: opts.kek,
    env,
    clock: opts.virtualClock ? new VirtualClock() : undefined,
    // once per deployment: a second instance or a restart keeps the first one's demo secrets
    seed: async (gatehouse) => {
      const { secrets, fromFile } = loadHeadlessSecrets(opts.dataDir, env);
      const clientSecretFromEnv = !fromFile.includes('clientSecret');
      const seeding = await seedDeployment(gatehouse, secrets, clientSecretFromEnv, opts.config?.demoUsers ?? true);
      return { secrets, fromFile, seeding };
    },
    server: {
      host: opts.host,
      port: opts.port,
      anyPortIfTaken: opts.anyPortIfTaken,
      corsOrigins: opts.corsOrigins,
      trustProxy: opts.trustProxy,
      secureCookies: opts.secureCookies,
    },
    issuer: opts.issuer,
    ownOrigins: opts.ownOrigins,
    config: opts.config,
    admin: { mode: opts.mode, version: opts.version },
    // the lab never runs on the live instance: its scenarios get a Gatehouse of their own
    lab: (live) =>
      (sandbox = createSandbox({ live, mode: opts.mode, version: opts.version, tmpDir: opts.sandboxTmpDir })),
    log: opts.log,
  });
  const lab = sandbox!;
  const { secrets, fromFile, seeding } = instance.seeded;
  return {
    gatehouse: instance.gatehouse,
    auth: instance.auth,
    admin: instance.admin,
    sandbox: lab,
    secrets,
    secretsFromFile: fromFile,
    seeding,
    async stop() {
      await lab.close();
      await instance.close();
    },
  };
}
