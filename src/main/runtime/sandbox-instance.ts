/**
 * The demo lab's sandbox, as the composition root makes it: the life cycle is the demo layer's
 * (demo/sandbox.ts); each instance it starts is composed here by `composeInstance`, like the
 * live one, with what only a sandbox has: a temporary folder's SQLite store, a key-encryption key
 * in memory, no environment, the demo users and client, its auth server on a loopback port with
 * the lab's strategy routes, and the live instance's password hashing (one executor a process).
 */
import { randomBytes } from 'node:crypto';
import { runAdminCall } from '../admin/admin-service';
import type { Gatehouse } from '../auth/gatehouse';
import type { KekSource } from '../auth/key-seal';
import { randomId } from '../auth/random';
import { Sandbox, type SandboxInstance, type SandboxInstanceRequest } from '../demo/sandbox';
import { registerDemoRoutes } from '../demo/strategy-routes';
import { composeInstance } from './compose';
import { ensureDemoData } from './open-gatehouse';

export interface SandboxRootOptions {
  /** The live instance: its settings are copied before each run, its bus hears the runs. */
  live: Gatehouse;
  mode: 'desktop' | 'headless';
  version: string;
  /** Where the sandbox's temporary folder is made (default: the OS temp folder). */
  tmpDir?: string;
  /** Real pause after each visible step in `watch` pace (tests shorten it). */
  watchPauseMs?: number;
}

/** A key-encryption key that lives as long as the sandbox: nothing of it is ever written to disk. */
export function memoryKek(): KekSource {
  let kek: Buffer | null = null;
  return {
    name: 'the sandbox key-encryption key (in memory)',
    remedy: 'reset the sandbox',
    load: () => kek,
    create: () => (kek = randomBytes(32)),
  };
}

/** The demo lab's sandbox (not started: it starts on first use), its instances composed by the root. */
export function createSandbox(opts: SandboxRootOptions): Sandbox {
  const compose = async ({ dataDir, clock, demoPassword }: SandboxInstanceRequest): Promise<SandboxInstance> => {
    const instance = await composeInstance({
      dataDir,
      clock,
      kek: memoryKek(),
      store: 'sqlite',
      // the environment is not the sandbox's: no GATEHOUSE_KEK or other setting of the live one applies
      env: {},
      passwords: opts.live.passwords,
      seed: (g) => ensureDemoData(g, demoPassword, randomId(32)),
      server: { host: '127.0.0.1', port: 0, extend: (app, g) => registerDemoRoutes(app, g) },
      admin: { mode: opts.mode, version: opts.version, instance: 'sandbox' },
      lab: () => sandbox,
    });
    return { gatehouse: instance.gatehouse, authUrl: instance.auth.url, admin: instance.admin, close: instance.close };
  };
  const sandbox = new Sandbox({
    live: opts.live,
    compose,
    runCall: runAdminCall,
    tmpDir: opts.tmpDir,
    watchPauseMs: opts.watchPauseMs,
  });
  return sandbox;
}
