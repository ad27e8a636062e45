import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '../../../src/main/auth/clock';
import { parseConfig, readConfigFile, type GatehouseConfig } from '../../../src/main/runtime/config-file';
import type {
  TestLoginRequest,
  TestLoginTokens,
  TestToken,
  TestTokenRequest,
} from '../../../src/main/runtime/test-minting';
import {
  createTestHooks,
  type EndpointName,
  type NextHooks,
  type RecordedRequest,
} from '../../../src/main/http/test-hooks';
import { startConsoleServer } from '../../../src/main/web/console-server';
import { buildAdminApi, type AdminApi } from '../../../src/shared/admin-api';
import { durationMs } from './duration';
import { GatehouseTestError, harnessCall } from './errors';
import { HarnessInstance } from './instance';

export interface StartOptions {
  /** The `--config` file's object (`users`, `clients`, `demoUsers`), or its path. None: an empty Gatehouse. */
  config?: object | string;
  /** `'real'` (default), or `'virtual'`: time that runs with the real one and jumps with `gh.clock.advance`. */
  clock?: 'real' | 'virtual';
  /**
   * `'sqlite'` (default): a temporary SQLite deleted by `stop()`, in RAM (/dev/shm) when the system
   * has it; `'memory'` says the same; or `'redis://…'`, a Redis deployment (no `reset()`).
   */
  store?: 'sqlite' | 'memory' | `redis://${string}` | `rediss://${string}`;
  /** The auth server's port; 0 (default) takes any free one. */
  port?: number;
  /** The address it listens on; 127.0.0.1 by default. */
  host?: string;
}

export type LoginRequest = TestLoginRequest;
export type LoginTokens = TestLoginTokens;
export type IssueTokenRequest = TestTokenRequest;
export type IssuedToken = TestToken;

/** A running Gatehouse for a test suite: real sessions, tokens, revocation, on its own port. */
export interface TestGatehouse {
  /** The issuer (`iss`), the auth server's URL: `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  readonly discoveryUrl: string;
  readonly jwksUrl: string;
  /** The admin console of this instance, its sign-in link (`#token=`) included; served when `npm run build` built it. */
  readonly consoleUrl: string;
  /** The AdminApi, with the console's methods and `AdminResult` values (errors as data). */
  readonly admin: AdminApi;
  /**
   * One-shot faults and id_token defects for the app's next request of a kind (docs/testing-hooks.md):
   * `next.token(…)`, `next.authorize(…)`, `next.userinfo(…)`, `next.idToken({ defect })`, `next.delay(…)`.
   */
  readonly next: NextHooks;
  /** What apps sent so far, oldest first, secrets redacted; not drained (`reset()` clears it). */
  requests(filter?: { endpoint?: EndpointName }): RecordedRequest[];
  /** A real session for a user and its tokens, no browser and no password (a test power). */
  login(request: LoginRequest): Promise<LoginTokens>;
  /** A token this instance accepts, for a user or any subject (a test power; see the README). */
  issueToken(request: IssueTokenRequest): Promise<IssuedToken>;
  readonly clock: {
    /** Jumps the virtual clock forward (`'2m'`, `'1h'`, ms), then runs the expiry sweeps. */
    advance(duration: string | number): Promise<void>;
    /** The instance's time, epoch milliseconds (whole seconds, as Gatehouse keeps time). */
    now(): number;
  };
  /** Back to the config's state: sessions, tokens, audit, admin changes and armed hooks gone; port and keys kept. */
  reset(): Promise<void>;
  /** Stops the servers and deletes the temporary database. */
  stop(): Promise<void>;
}

/** Starts a Gatehouse in this process, as `composeInstance` composes every Gatehouse, with the test powers. */
export async function startGatehouse(options: StartOptions = {}): Promise<TestGatehouse> {
  const clock = options.clock === 'virtual' ? new VirtualClock() : undefined;
  const hooks = createTestHooks();
  const harness = await harnessCall('startGatehouse', async () =>
    HarnessInstance.open({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      store: options.store ?? 'sqlite',
      clock,
      config: loadConfig(options.config),
      hooks,
      version: 'testing',
    }),
  );
  const { gatehouse, admin: adminService, minter } = harness.instance;
  // what may sign or show an id_token key waits for it: the first instance of a process answers
  // once access tokens can be signed (`issueToken`), its RSA key still being made
  const ring = gatehouse.ring;
  const adminOnceReady: typeof adminService.handle = async (method, request) => {
    await ring.ready();
    return adminService.handle(method, request);
  };
  const admin = buildAdminApi(adminOnceReady, (listener) => gatehouse.bus.subscribe(listener));
  const issuer = gatehouse.settings.get().issuer;
  const adminToken = randomBytes(32).toString('base64url');
  const web = await harnessCall('startGatehouse', () =>
    startConsoleServer({ handle: adminOnceReady }, gatehouse.bus, {
      host: options.host ?? '127.0.0.1',
      port: 0,
      adminToken,
      rendererDir: rendererDir(),
    }).catch(async (err: unknown) => {
      await harness.close();
      throw err;
    }),
  );
  let stopped: Promise<void> | undefined;
  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    consoleUrl: `${web.url}#token=${adminToken}`,
    admin,
    next: hooks.next,
    requests: (filter) => hooks.requests(filter),
    login: (request) =>
      harnessCall('login', async () => {
        await ring.ready();
        return minter!.login(request);
      }),
    issueToken: (request) => harnessCall('issueToken', () => minter!.issueToken(request)),
    clock: {
      advance: (duration) =>
        harnessCall('clock.advance', async () => {
          const seconds = Math.ceil(durationMs(duration) / 1000);
          if (seconds === 0) return;
          const result = await admin.clock.advance({ seconds });
          if (!result.ok) throw new GatehouseTestError('clock.advance', result.error.code, result.error.message);
        }),
      now: () => gatehouse.clock.now() * 1000,
    },
    reset: () => harnessCall('reset', () => harness.reset()),
    stop: () =>
      (stopped ??= harnessCall('stop', async () => {
        try {
          await web.close();
        } finally {
          await harness.close();
        }
      })),
  };
}

function loadConfig(config: object | string | undefined): GatehouseConfig | undefined {
  if (config === undefined) return undefined;
  return typeof config === 'string' ? readConfigFile(config) : parseConfig(config, 'startGatehouse({ config })');
}

/** The built console: beside the bundle in the package's `dist/`, or the repository's `out/renderer`. */
function rendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'renderer');
  return fs.existsSync(bundled) ? bundled : path.resolve(here, '../../../out/renderer');
}
