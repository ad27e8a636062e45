import path from 'node:path';
import { AdminService } from '../admin/admin-service';
import { VirtualClock } from '../auth/clock';
import type { Gatehouse } from '../auth/gatehouse';
import { createDemoLab } from '../demo';
import { startAuthServer, type AuthServer } from '../http/auth-server';
import { startConsoleServer, type ConsoleServer } from '../web/console-server';
import { RedisStore } from '../store/redis/redis-store';
import { agreeOnIssuer } from '../store/redis/deployment';
import { ensureDemoData, openGatehouse } from './open-gatehouse';
import { appVersion, projectRoot } from './project';
import { loadHeadlessSecrets, secretEnvName, type HeadlessSecrets } from './secrets';

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
  log?: (line: string) => void;
}

export interface RunningHeadless {
  gatehouse: Gatehouse;
  auth: AuthServer;
  console: ConsoleServer;
  stop(): Promise<void>;
}

/** Starts the auth server and the web console, then prints the lines scripts wait for. */
export async function startHeadless(opts: HeadlessOptions): Promise<RunningHeadless> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const virtualClock = opts.virtualClock ? new VirtualClock() : undefined;
  // first: it locks the data folder and refuses a bad start before anything in it is written
  const gatehouse = await openGatehouse({ dataDir: opts.dataDir, clock: virtualClock, store: opts.store });
  let auth: AuthServer | undefined;
  let web: ConsoleServer | undefined;
  let secrets: HeadlessSecrets;
  let fromFile: (keyof HeadlessSecrets)[];
  try {
    ({ secrets, fromFile } = loadHeadlessSecrets(opts.dataDir));
    await ensureDemoData(gatehouse, secrets.demoPassword, secrets.clientSecret);
    const lab = createDemoLab(gatehouse, virtualClock, { username: 'alice', password: secrets.demoPassword });
    auth = await startAuthServer(gatehouse, { host: opts.host, port: opts.port, extend: lab.extend, corsOrigins: opts.corsOrigins });
    // startAuthServer made the issuer this instance's own URL; a deployment needs one shared issuer
    const store = gatehouse.store;
    if (store instanceof RedisStore) gatehouse.settings.setIssuer(await agreeOnIssuer(store.redis, store.keys, auth.url, opts.issuer));
    else if (opts.issuer) gatehouse.settings.setIssuer(opts.issuer);
    const authUrl = auth.url;
    const admin = new AdminService({ gatehouse, authUrl: () => authUrl, mode: 'headless', version: appVersion(), virtualClock, demo: lab.engine(() => authUrl) });
    web = await startConsoleServer(admin, gatehouse.bus, {
      host: opts.host, port: opts.consolePort, adminToken: secrets.adminToken, rendererDir: path.join(projectRoot(), 'out', 'renderer'),
    });
  } catch (err) {
    await web?.close();
    await auth?.close();
    await gatehouse.close();
    throw err;
  }
  gatehouse.startMaintenance();
  for (const key of fromFile) log(`${secretEnvName(key)} was not set; using ${secrets[key]} (saved 0600 in ${path.join(opts.dataDir, 'secrets.json')})`);
  if (gatehouse.settings.get().issuer !== auth.url) log(`issuer: ${gatehouse.settings.get().issuer}`);
  if (gatehouse.store.kind !== 'sqlite') log(`store: ${gatehouse.store.kind}`);
  log(`auth server: ${auth.url}`);
  log(`admin console: ${web.url}`);
  // last, so the line a user copies is the one that signs in (a token from the environment is not echoed)
  if (fromFile.includes('adminToken')) log(`sign in: ${web.url}#token=${secrets.adminToken}`);
  const [authServer, consoleServer] = [auth, web];
  return {
    gatehouse,
    auth: authServer,
    console: consoleServer,
    async stop() {
      await consoleServer.close();
      await authServer.close();
      await gatehouse.close();
    },
  };
}
