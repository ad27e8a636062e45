import type { Gatehouse } from '../auth/gatehouse';
import { startAuthServer, type AuthServer } from '../http/auth-server';
import { ensureDemoData, openGatehouse } from './open-gatehouse';
import { loadHeadlessSecrets, secretEnvName } from './secrets';

export interface HeadlessOptions {
  dataDir: string;
  host: string;
  port: number;
  consolePort: number;
  log?: (line: string) => void;
}

export interface RunningHeadless {
  gatehouse: Gatehouse;
  auth: AuthServer;
  stop(): Promise<void>;
}

/** Starts everything headless mode serves and prints the lines scripts wait for. */
export async function startHeadless(opts: HeadlessOptions): Promise<RunningHeadless> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const { secrets, fromFile } = loadHeadlessSecrets(opts.dataDir);
  const gatehouse = await openGatehouse({ dataDir: opts.dataDir });
  let auth: AuthServer | undefined;
  try {
    await ensureDemoData(gatehouse, secrets.demoPassword, secrets.clientSecret);
    auth = await startAuthServer(gatehouse, { host: opts.host, port: opts.port });
  } catch (err) {
    await auth?.close();
    await gatehouse.close();
    throw err;
  }
  gatehouse.startMaintenance();
  for (const key of fromFile) log(`${secretEnvName(key)} was not set; using ${secrets[key]} (saved 0600 in ${opts.dataDir}/secrets.json)`);
  log(`auth server: ${auth.url}`);
  const server = auth;
  return {
    gatehouse,
    auth: server,
    async stop() {
      await server.close();
      await gatehouse.close();
    },
  };
}
