import path from 'node:path';
import type { GatehouseConfig } from './config-file';
import type { Gatehouse } from '../auth/gatehouse';
import type { AuthServer } from '../http/auth-server';
import { startConsoleServer, type ConsoleServer } from '../web/console-server';
import { appVersion, projectRoot } from './project';
import { secretEnvName } from './secrets';
import { DEMO_CLIENT_ID, DEMO_USERS } from './open-gatehouse';
import { startServices } from './services';

export interface HeadlessOptions {
  dataDir: string;
  host: string;
  port: number;
  consolePort: number;
  virtualClock?: boolean;
  /** `sqlite` (default) or `redis://host:port[/db]`: instances on one Redis form one deployment. */
  store?: string;
  /** The deployment's public issuer URL; with Redis and none given, the first instance's URL is shared. */
  issuer?: string;
  /** Browser origins allowed to call the auth server (CORS); none by default. */
  corsOrigins?: string[];
  /** Peers (addresses, CIDR ranges) whose `X-Forwarded-For` names the client (`--trust-proxy`); none by default. */
  trustProxy?: string[];
  /** Cookies `Secure` even when the issuer is not `https` (`--secure-cookies`); an `https` issuer implies it. */
  secureCookies?: boolean;
  /** `--config FILE`, already read and checked: users and clients applied at start. */
  config?: GatehouseConfig;
  /** The GATEHOUSE_* variables (secrets, KEK); process.env by default. */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface RunningHeadless {
  gatehouse: Gatehouse;
  auth: AuthServer;
  console: ConsoleServer;
  stop(): Promise<void>;
}

/** Headless mode: the services and the web console, then the lines scripts wait for. */
export async function startHeadless(opts: HeadlessOptions): Promise<RunningHeadless> {
  const log = opts.log ?? ((line: string) => console.log(line));
  // a console on a fixed port is known before it starts: --config's back-channel URIs are checked against it
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const consoleOrigin = opts.consolePort === 0 ? [] : [`http://${host}:${opts.consolePort}`];
  const services = await startServices({
    ...opts,
    mode: 'headless',
    version: appVersion(),
    log,
    ownOrigins: consoleOrigin,
  });
  const { gatehouse, auth, secrets, secretsFromFile, seeding } = services;
  let web: ConsoleServer;
  try {
    web = await startConsoleServer(services.admin, gatehouse.bus, {
      host: opts.host,
      port: opts.consolePort,
      adminToken: secrets.adminToken,
      rendererDir: path.join(projectRoot(), 'out', 'renderer'),
      sandbox: services.sandbox,
      printedSignInLink: secretsFromFile.includes('adminToken'),
    });
  } catch (err) {
    await services.stop();
    throw err;
  }
  gatehouse.clients.ownOrigins.add(web.url);
  // a secret this instance generated but the deployment does not use is not printed as if it worked
  const holds = { demoPassword: seeding.demoPasswordHolds, clientSecret: seeding.clientSecretHolds, adminToken: true };
  for (const key of secretsFromFile) {
    if (holds[key])
      log(
        `${secretEnvName(key)} was not set; using ${secrets[key]} (saved 0600 in ${path.join(opts.dataDir, 'secrets.json')})`,
      );
    else if (key === 'clientSecret')
      log(
        `${secretEnvName(key)} was not set; ${DEMO_CLIENT_ID} exists already, with the secret the first instance printed`,
      );
  }
  if (gatehouse.settings.get().issuer !== auth.url) log(`issuer: ${gatehouse.settings.get().issuer}`);
  if (gatehouse.store.kind !== 'sqlite') log(`store: ${gatehouse.store.kind}`);
  if (opts.config)
    log(`config: ${opts.config.source} (${opts.config.users.length} user(s), ${opts.config.clients.length} client(s))`);
  log(`auth server: ${auth.url}`);
  log(`admin console: ${web.url}`);
  const users = DEMO_USERS.map((u) => `${u.username} (${u.roles.join(', ')})`).join(', ');
  if (!seeding.demoUsersExist)
    log(`demo users: none${opts.config?.demoUsers === false ? ` (${opts.config.source}: "demoUsers": false)` : ''}`);
  else if (!seeding.demoPasswordHolds)
    log(`demo users: ${users} exist already; their password is the one printed by the first instance`);
  else
    log(
      `demo users: ${users}; password: ${secretsFromFile.includes('demoPassword') ? secrets.demoPassword : 'the GATEHOUSE_DEMO_PASSWORD you set'}`,
    );
  // last, so the line a user copies is the one that signs in (a token from the environment is not echoed)
  if (secretsFromFile.includes('adminToken')) log(`sign in: ${web.url}#token=${secrets.adminToken}`);
  const consoleServer = web;
  return {
    gatehouse,
    auth,
    console: consoleServer,
    async stop() {
      await consoleServer.close();
      await services.stop();
    },
  };
}
