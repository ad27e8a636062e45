/**
 * The one composition root: `composeInstance` builds a running Gatehouse from its collaborators,
 * the same way for every caller: the live app (`services.ts`, for headless mode and the desktop
 * app), the demo lab's sandbox (`sandbox-instance.ts`) and, next, the test harness. Everything
 * an instance is made of is an option here; nothing below this layer picks a collaborator itself.
 */
import { AdminService, type DemoLab } from '../admin/admin-service';
import { VirtualClock, type Clock } from '../auth/clock';
import type { Gatehouse } from '../auth/gatehouse';
import type { KeySource } from '../auth/key-ring';
import type { KekSource } from '../auth/key-seal';
import type { LogoutDispatcherOptions } from '../auth/logout-dispatcher';
import type { Passwords } from '../auth/passwords';
import { startAuthServer, type AuthServer, type AuthServerOptions } from '../http/auth-server';
import type { TestHooks } from '../http/test-hooks';
import { agreeOnIssuer } from '../store/redis/deployment';
import { RedisStore } from '../store/redis/redis-store';
import { applyConfig, type GatehouseConfig } from './config-file';
import { openGatehouse } from './open-gatehouse';
import { createTestMinter, type TestMinter } from './test-minting';
import { checkTestPowers, type TestPowers } from './test-powers';

// the test hooks come only with granted test powers (`testPowers.hooks`), never as a server option
export interface InstanceServerOptions extends Omit<AuthServerOptions, 'extend' | 'testHooks'> {
  /** When `port` is taken (say, by a headless Gatehouse), listen on any free one instead. */
  anyPortIfTaken?: boolean;
  /** Routes of this instance only (the demo lab's strategies on the sandbox's server). */
  extend?: (app: Parameters<NonNullable<AuthServerOptions['extend']>>[0], gatehouse: Gatehouse) => void;
}

export interface ComposeOptions<Seed> {
  /** The data folder: locked for the instance's life, holding the database (or secrets and KEK with Redis). */
  dataDir: string;
  /** `sqlite` (default) or `redis://host:port[/db]`: instances on one Redis form one deployment. */
  store?: string;
  /** The key-encryption key's home; `GATEHOUSE_KEK` or the data folder's kek.key by default. */
  kek?: KekSource;
  /** Where GATEHOUSE_* settings are read (the KEK); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** The real clock by default; a VirtualClock is also what the admin API's `clock.*` drive. */
  clock?: Clock;
  /** Password hashing; the Gatehouse's own scrypt executor by default. Instances of one process may share one. */
  passwords?: Passwords;
  /** When the key ring's next keys are made (`OpenOptions.successors`): by default before the instance answers. */
  successors?: 'awaited' | 'background';
  /**
   * Whether the instance answers only once its id_token key is made (`awaited`, the default) or
   * once access tokens can be signed (`OpenOptions.idLane`); its auth server then holds each
   * request until that key is made (`ring.ready()`), so no client sees a JWKS without it.
   */
  idLane?: 'awaited' | 'background';
  /**
   * Where the key ring's new keys come from (`OpenOptions.makeKey`): a caller may start the first
   * ones before the data folder opens, so they are made while the store and the server start.
   */
  makeKey?: KeySource;
  /** Back-channel logout timing (tests shorten the timeout). */
  logout?: LogoutDispatcherOptions;
  /** What the instance starts with, created before its server listens (the demo data); its result is `seeded`. */
  seed?: (gatehouse: Gatehouse) => Promise<Seed>;
  server: InstanceServerOptions;
  /** The public issuer URL (`--issuer`); else a Redis deployment's agreed one, else the server's own URL. */
  issuer?: string;
  /** This process's other servers' origins known before they start: no back-channel URI may point there. */
  ownOrigins?: string[];
  /** `--config FILE`, already read and checked: applied once the server listens and the issuer is decided. */
  config?: GatehouseConfig;
  /** What the admin API says about the instance. */
  admin: { mode: 'desktop' | 'headless'; version: string; instance?: 'live' | 'sandbox' };
  /** The demo lab the admin API's `demo.*` drive, made once the Gatehouse is open (the live one's sandbox needs it). */
  lab?: (gatehouse: Gatehouse) => DemoLab;
  /** Starts the maintenance timer (default); `false` leaves `gatehouse.tick()` to the caller (a test driving time). */
  maintenance?: boolean;
  log?: (line: string) => void;
  /** Powers only a test entry point can give (see test-powers.ts); never set by serve, headless or desktop. */
  testPowers?: TestPowers;
}

/** One running instance: the domain, its auth server and its AdminApi, with maintenance started. */
export interface Instance<Seed> {
  gatehouse: Gatehouse;
  auth: AuthServer;
  admin: AdminService;
  /** The instance's clock when it is virtual (`clock.*` of the admin API drive it). */
  virtualClock: VirtualClock | undefined;
  seeded: Seed;
  /** Logins and tokens by name (`@gatehouse/testing`): only with the granted `mint` test power. */
  minter: TestMinter | undefined;
  /** Closes the auth server, then the Gatehouse (its timers, store and data-folder lock). */
  close(): Promise<void>;
}

/**
 * Builds one instance: open the data folder (its lock first, then the store, the sealed key
 * ring, the domain), seed it, start the auth server, decide the issuer, tell the client registry
 * the origins Gatehouse serves, apply `--config`, build the AdminService, start maintenance. A
 * failure at any step closes what was opened.
 */
export async function composeInstance<Seed = void>(opts: ComposeOptions<Seed>): Promise<Instance<Seed>> {
  const powers = checkTestPowers(opts.testPowers);
  // first: it locks the data folder and refuses a bad start before anything in it is written
  const gatehouse = await openGatehouse({
    dataDir: opts.dataDir,
    store: opts.store,
    kek: opts.kek,
    env: opts.env,
    clock: opts.clock,
    passwords: opts.passwords,
    logout: opts.logout,
    wrapStore: powers?.wrapStore,
    successors: opts.successors,
    idLane: opts.idLane,
    makeKey: opts.makeKey,
  });
  let auth: AuthServer | undefined;
  try {
    const seeded = (await opts.seed?.(gatehouse)) as Seed;
    auth = await listen(gatehouse, opts.server, powers?.hooks, opts.log);
    gatehouse.settings.setIssuer(await decideIssuer(gatehouse, auth.url, opts.issuer));
    // known only now (the port may be picked at start), and before --config's back-channel URIs are checked
    gatehouse.clients.ownOrigins.add(auth.url, gatehouse.settings.get().issuer, ...(opts.ownOrigins ?? []));
    if (opts.config) await applyConfig(gatehouse, opts.config);
    const authUrl = auth.url;
    const virtualClock = opts.clock instanceof VirtualClock ? opts.clock : undefined;
    const admin = new AdminService({
      gatehouse,
      authUrl: () => authUrl,
      ...opts.admin,
      virtualClock,
      testHooks: powers?.hooks !== undefined,
      demo: opts.lab?.(gatehouse),
    });
    if (opts.maintenance !== false) gatehouse.startMaintenance();
    const server = auth;
    return {
      gatehouse,
      auth: server,
      admin,
      virtualClock,
      seeded,
      minter: powers?.mint ? createTestMinter(gatehouse) : undefined,
      async close() {
        try {
          await server.close();
        } finally {
          await gatehouse.close();
        }
      },
    };
  } catch (err) {
    await auth?.close().catch(() => undefined);
    await gatehouse.close();
    throw err;
  }
}

async function listen(
  gatehouse: Gatehouse,
  { anyPortIfTaken, extend, ...server }: InstanceServerOptions,
  testHooks: TestHooks | undefined,
  log: ((line: string) => void) | undefined,
): Promise<AuthServer> {
  const serverOpts: AuthServerOptions = { ...server, extend: extend && ((app) => extend(app, gatehouse)), testHooks };
  try {
    return await startAuthServer(gatehouse, serverOpts);
  } catch (err) {
    if (!anyPortIfTaken || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || server.port === 0) throw err;
    log?.(`gatehouse: port ${server.port} is in use; the auth server takes a free port instead`);
    return startAuthServer(gatehouse, { ...serverOpts, port: 0 });
  }
}

/**
 * The issuer (`iss`) every token carries: `--issuer` when given (the public URL behind a proxy);
 * on a Redis deployment, the one its instances agreed on (the first one's URL); else this
 * server's own URL. Decided here only: nothing below the root changes it.
 */
async function decideIssuer(gatehouse: Gatehouse, ownUrl: string, explicit: string | undefined): Promise<string> {
  const store = gatehouse.store;
  if (store instanceof RedisStore) return agreeOnIssuer(store.redis, store.keys, ownUrl, explicit);
  return explicit ?? ownUrl;
}
