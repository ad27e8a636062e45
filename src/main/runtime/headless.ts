import path from 'node:path';
import type { GatehouseConfig } from './config-file';
import type { Gatehouse } from '../auth/gatehouse';
import type { AuthServer } from '../http/auth-server';
import { startConsoleServer, type ConsoleServer } from '../web/console-server';
import { appVersion, projectRoot } from './project';
import { secretEnvName } from './secrets';
import { DEMO_USERS } from './open-gatehouse';
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
  /** `--config FILE`, already read and checked: users and clients applied at start. */
  config?: GatehouseConfig;
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
  const { gatehouse, auth, secrets, secretsFromFile } = services;
  let web: ConsoleServer;
  try {
    web = await startConsoleServer(services.admin, gatehouse.bus, {
      host: opts.host,
      port: opts.consolePort,
      adminToken: secrets.adminToken,
      rendererDir: path.join(projectRoot(), 'out', 'renderer'),
      sandbox: services.sandbox,
    });
  } catch (err) {
    await services.stop();
    throw err;
  }
  gatehouse.clients.ownOrigins.add(web.url);
  for (const key of secretsFromFile)
    log(
      `${secretEnvName(key)} was not set; using ${secrets[key]} (saved 0600 in ${path.join(opts.dataDir, 'secrets.json')})`,
    );
  if (gatehouse.settings.get().issuer !== auth.url) log(`issuer: ${gatehouse.settings.get().issuer}`);
  if (gatehouse.store.kind !== 'sqlite') log(`store: ${gatehouse.store.kind}`);
  if (opts.config)
    log(`config: ${opts.config.source} (${opts.config.users.length} user(s), ${opts.config.clients.length} client(s))`);
  log(`auth server: ${auth.url}`);
  log(`admin console: ${web.url}`);
  const users = DEMO_USERS.map((u) => `${u.username} (${u.roles.join(', ')})`).join(', ');
  const password = secretsFromFile.includes('demoPassword')
    ? secrets.demoPassword
    : 'the GATEHOUSE_DEMO_PASSWORD you set';
  log(`demo users: ${users}; password: ${password}`);
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
