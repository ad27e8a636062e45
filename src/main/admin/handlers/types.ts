import type { AdminMethod, AdminResponses } from '../../../shared/admin-api';
import type { AdminRequestValue } from '../../../shared/admin-schemas';
import type { SandboxView } from '../../../shared/admin-views';
import type { DemoPace, DemoRun, DemoScenarioId } from '../../../shared/demo';
import type { AppChecks } from '../../auth/app-checks/run-checks';
import type { AuditLog } from '../../auth/audit';
import type { ClientService } from '../../auth/clients';
import type { Clock, VirtualClock } from '../../auth/clock';
import type { DenylistService } from '../../auth/denylist-service';
import type { Gatehouse } from '../../auth/gatehouse';
import type { KeyRing } from '../../auth/key-ring';
import type { SessionService } from '../../auth/sessions';
import type { SettingsService } from '../../auth/settings-service';
import type { TokenService } from '../../auth/tokens';
import type { UserService } from '../../auth/users';
import type { AccessTokenVerifier } from '../../auth/verify-access-token';
import type { AdminQueries } from '../queries';

/** The demo lab as the admin API sees it: scenarios run in its sandbox (src/main/demo/sandbox.ts). */
export interface DemoLab {
  run(scenario: DemoScenarioId, pace?: DemoPace): Promise<DemoRun>;
  state(): SandboxView;
  reset(): Promise<SandboxView>;
}

/** What an AdminService is built from: one Gatehouse, and how this instance is run. */
export interface AdminContext extends AdminInstance {
  gatehouse: Gatehouse;
}

/**
 * The domain services and the query port the handlers use, named as the Gatehouse names them.
 * Each domain's handlers take only the ones they use (a `Pick` of this), never the whole Gatehouse:
 * their reads go through `queries`, their changes through the services.
 */
export interface AdminServices {
  queries: AdminQueries;
  clock: Clock;
  audit: AuditLog;
  settings: SettingsService;
  denylist: DenylistService;
  ring: KeyRing;
  sessions: SessionService;
  users: UserService;
  clients: ClientService;
  tokens: TokenService;
  /** The inspector's and the denylist's check of a pasted access token: any audience this issuer issues for. */
  anyAudienceVerifier: AccessTokenVerifier;
  /** The maintenance sweep, run after the virtual clock moves. */
  tick: () => Promise<void>;
  /** App checks: the instance's engine and its kept runs. */
  checks: AppChecks;
}

/** How this admin service's instance is run: what the system, clock and demo handlers report. */
export interface AdminInstance {
  authUrl: () => string;
  mode: 'desktop' | 'headless';
  version: string;
  /** Present only when the virtual clock is enabled (`--virtual-clock`; the sandbox always has one). */
  virtualClock?: VirtualClock;
  /** The demo lab and its sandbox; the composition root always gives one (bare test services may not). */
  demo?: DemoLab;
  /** Which Gatehouse this service drives: the live one (default) or the demo lab's sandbox. */
  instance?: 'live' | 'sandbox';
  /** Whether the auth server has a test instance's hooks (composed with `grantTestPowers({ hooks })`). */
  testHooks?: boolean;
}

/** One method's handler: it receives the request as its schema parsed it, and answers its response type. */
export type Handler<M extends AdminMethod> = (request: AdminRequestValue<M>) => Promise<AdminResponses[M]>;

/**
 * The handlers of one domain (`sessions`, `keys`, …), each typed from its zod schema's output: a
 * handler that drifts from its schema (or a method left out) fails to compile.
 */
export type DomainHandlers<D extends string> = { [M in Extract<AdminMethod, `${D}.${string}`>]: Handler<M> };

export type AllHandlers = { [M in AdminMethod]: Handler<M> };

/** Who the admin API acts as, in the audit log. */
export const ADMIN = 'admin';
