import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TSX } from './node-args';

export interface ServeProcess {
  authUrl: string;
  consoleUrl: string;
  dataDir: string;
  adminToken: string;
  demoPassword: string;
  clientSecret: string;
  output: () => string;
  stop(): Promise<number | null>;
}

export const DEMO_PASSWORD = 'e2e-demo-Passw0rd!';
export const CLIENT_SECRET = 'e2e-client-secret-0123456789abcdef';
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef0123456789';

/**
 * Starts headless mode exactly as scripts outside the project do (its own process, port 0, a fresh
 * data folder) and resolves once both ready lines were printed.
 */
export async function startServe(
  opts: { args?: string[]; dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ServeProcess> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-'));
  // test runners set FORCE_COLOR for their workers; with a NO_COLOR of the developer's beside it,
  // Node would warn on the server's stderr and the output would not be what a user sees
  const { NO_COLOR: _noColor, ...inherited } = process.env;
  const child: ChildProcess = spawn(
    process.execPath,
    [...TSX, 'src/main/serve.ts', '--data-dir', dataDir, '--port', '0', '--console-port', '0', ...(opts.args ?? [])],
    {
      cwd: root,
      env: {
        ...inherited,
        GATEHOUSE_DEMO_PASSWORD: DEMO_PASSWORD,
        GATEHOUSE_CLIENT_SECRET: CLIENT_SECRET,
        GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN,
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<{ authUrl: string; consoleUrl: string }>((resolve, reject) => {
    const scan = (chunk: Buffer) => {
      out += chunk.toString();
      const auth = /auth server: (http:\/\/\S+)/.exec(out)?.[1];
      const web = /admin console: (http:\/\/\S+)/.exec(out)?.[1];
      if (auth && web) resolve({ authUrl: auth, consoleUrl: web });
    };
    child.stdout!.on('data', scan);
    child.stderr!.on('data', scan);
    void exited.then((code) => reject(new Error(`serve exited with ${code} before it was ready:\n${out}`)));
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const urls = await ready.finally(() => clearTimeout(timeout));
  return {
    ...urls,
    dataDir,
    adminToken: ADMIN_TOKEN,
    demoPassword: DEMO_PASSWORD,
    clientSecret: CLIENT_SECRET,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
