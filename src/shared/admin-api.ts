/**
 * The one admin contract. The preload (IPC), the web transport (HTTP + SSE), the main-process
 * handlers and the renderer are all typed from this file. It loads no zod at run time: the
 * request schemas (admin-schemas.ts) are imported here for their types only.
 */
import type {
  AuditEntryView,
  ClientView,
  ClientWithSecretView,
  ClockView,
  DenylistEntryView,
  JwksView,
  KeyImpact,
  KeyView,
  MintedTokenView,
  Page,
  SessionDetail,
  SandboxView,
  SessionView,
  SettingsView,
  SystemInfoView,
  TokenVerifyView,
  UserView,
} from './admin-views';
import type { z } from 'zod';
import type { CheckRun } from './app-checks';
import type { adminRequestSchemas } from './admin-schemas';
import type { DemoRun, DemoScenarioView } from './demo';
import type { GatehouseEvent } from './events';
import type { TokenInspection } from './jwt-inspect';
import type { Result } from './result';

/** Closed set of admin error codes. */
export const ADMIN_ERROR_CODES = [
  'invalid_request',
  'not_found',
  'conflict',
  'invalid_state',
  'key_import_failed',
  'settings_invalid',
  'clock_disabled',
  'unauthorized',
  'unknown_method',
  'storage_unavailable',
  'busy',
  'internal',
] as const;
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];
export type AdminResult<T> = Result<T, AdminErrorCode>;

/** Every admin method, `domain.verb`. */
export const ADMIN_METHODS = [
  'system.info',
  'sessions.list',
  'sessions.get',
  'sessions.revoke',
  'sessions.revokeUser',
  'tokens.decode',
  'tokens.verify',
  'tokens.mint',
  'denylist.list',
  'denylist.add',
  'denylist.remove',
  'keys.list',
  'keys.generate',
  'keys.import',
  'keys.rotate',
  'keys.retire',
  'keys.revoke',
  'keys.impact',
  'keys.schedule',
  'keys.jwks',
  'users.list',
  'users.create',
  'users.bumpVersion',
  'users.setClaims',
  'users.update',
  'users.resetPassword',
  'users.delete',
  'clients.list',
  'clients.get',
  'clients.create',
  'clients.update',
  'clients.delete',
  'clients.rotateSecret',
  'audit.list',
  'settings.get',
  'settings.update',
  'clock.get',
  'clock.set',
  'clock.advance',
  'clock.reset',
  'demo.scenarios',
  'demo.run',
  'demo.sandbox',
  'demo.reset',
  'checks.api',
  'checks.list',
  'checks.get',
] as const;
export type AdminMethod = (typeof ADMIN_METHODS)[number];
const METHOD_SET: ReadonlySet<string> = new Set(ADMIN_METHODS);
export const isAdminMethod = (name: string): name is AdminMethod => METHOD_SET.has(name);

/** What a caller sends for each method (before validation: optional fields may be left out). */
export type AdminRequest<M extends AdminMethod> = z.input<(typeof adminRequestSchemas)[M]>;

/** Response type of each method. */
export interface AdminResponses {
  'system.info': SystemInfoView;
  'sessions.list': Page<SessionView>;
  'sessions.get': SessionDetail;
  'sessions.revoke': SessionView;
  'sessions.revokeUser': { revoked: number };
  'tokens.decode': TokenInspection;
  'tokens.verify': TokenVerifyView;
  'tokens.mint': MintedTokenView;
  /** Newest first, 100 a page by default. */
  'denylist.list': Page<DenylistEntryView>;
  'denylist.add': DenylistEntryView;
  'denylist.remove': { removed: boolean };
  'keys.list': KeyView[];
  'keys.generate': KeyView;
  'keys.import': KeyView;
  /**
   * Promotes `kid` (a pending key; `not_found` when unknown, `invalid_state` when not pending) or, by
   * default, the next pending key (`KeyView.next`); the active key starts retiring. Answers the key
   * that now signs. A new pending successor is generated only when no pending key is left.
   */
  'keys.rotate': KeyView;
  'keys.retire': KeyView;
  'keys.revoke': KeyView;
  /** For the active key, what a rotation leaves running: its live tokens stay valid until they expire. */
  'keys.impact': KeyImpact;
  /** Schedules `kid` or the next pending key; the ring keeps one scheduled key, which is then the next one. */
  'keys.schedule': KeyView;
  'keys.jwks': JwksView;
  'users.list': UserView[];
  'users.create': UserView;
  'users.bumpVersion': UserView;
  /** Replaces the custom claims and raises the token version: tokens issued before end at once. */
  'users.setClaims': UserView;
  /** Roles (a change raises the token version) and disabled (disabling ends every session of the user). */
  'users.update': UserView;
  /** A new password; every session of the user ends (OWASP: a reset invalidates sessions). */
  'users.resetPassword': UserView;
  /** Ends every session of the user (back-channel logout included), then deletes the user with them. */
  'users.delete': { deleted: true; sessionsEnded: number };
  'clients.list': ClientView[];
  'clients.get': ClientView;
  'clients.create': ClientWithSecretView;
  /** Disabling ends the client's own tokens at once (client_credentials); users' tokens stop at refresh. */
  'clients.update': ClientView;
  /**
   * Removes the registration and ends the tokens the client got for itself (client_credentials).
   * Users' sessions are left alone: their refresh tokens of this client stop working (an unknown
   * client cannot authenticate), their access tokens run out within their lifetime; to end the
   * sessions too (and tell the apps), revoke them.
   */
  'clients.delete': { deleted: true };
  'clients.rotateSecret': ClientWithSecretView;
  /** Newest first; user ids of actor and subject named (`actorName`, `subjectName`). */
  'audit.list': AuditEntryView[];
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  /** The instance's virtual clock (`--virtual-clock`; the sandbox always has one); `clock_disabled` without it. */
  'clock.get': ClockView;
  'clock.set': ClockView;
  /** Moves the virtual clock forward and runs the expiry sweeps at once. */
  'clock.advance': ClockView;
  /** Back to real time: the system's time, rate 1, not paused (audited). Tokens and sessions dated in the virtual future stay as they are. */
  'clock.reset': ClockView;
  /** The demo lab's seven scenarios. */
  'demo.scenarios': DemoScenarioView[];
  /**
   * Runs one scenario to completion in the **sandbox** (whichever AdminApi it is called on: the
   * live one never has its clock, keys, users or sessions touched). Starts the sandbox when it is
   * not running and first copies the live instance's settings (all but the issuer) into it. The
   * run's `demo.*` events reach the live event stream and the sandbox's. `conflict` while another
   * run is going.
   */
  'demo.run': DemoRun;
  /** The sandbox's state: running or not, its auth server's URL and its virtual clock. Never starts it. */
  'demo.sandbox': SandboxView;
  /**
   * Closes the sandbox and deletes its folder (its sessions, keys, users, audit); the next use of
   * the sandbox starts a fresh one. `conflict` while a run is going. Answers the state after it.
   */
  'demo.reset': SandboxView;
  /**
   * App checks (issue 20): runs every case against one endpoint of the developer's API (a loopback
   * address or an origin registered on a client; anything else `invalid_request`) and answers the
   * finished run; `checks.*` events show it live. `conflict` while another run is going.
   */
  'checks.api': CheckRun;
  /** The last runs kept (per target, newest first; only `target`'s when given). */
  'checks.list': CheckRun[];
  /** One kept run; `not_found` when it is not (or no longer) kept. */
  'checks.get': CheckRun;
}

/** The transport-level call every binding is built on: IPC invoke or HTTP POST. */
export type AdminCall = <M extends AdminMethod>(
  method: M,
  request: AdminRequest<M>,
) => Promise<AdminResult<AdminResponses[M]>>;

type Domain<M> = M extends `${infer D}.${string}` ? D : never;
type Verb<M, D extends string> = M extends `${D}.${infer V}` ? V : never;

/** `AdminApi['sessions']['list'](req)`: the shape the renderer uses, built from the flat method map. */
export type AdminApi = {
  [D in Domain<AdminMethod>]: {
    [V in Verb<AdminMethod, D>]: `${D}.${V}` extends infer M extends AdminMethod
      ? (request: AdminRequest<M>) => Promise<AdminResult<AdminResponses[M]>>
      : never;
  };
} & {
  /** Pushed events; returns the unsubscribe function. */
  events: { subscribe(listener: (event: GatehouseEvent) => void): () => void };
};

/** Builds the nested API object from one `call` function and one event subscription. */
export function buildAdminApi(call: AdminCall, subscribe: AdminApi['events']['subscribe']): AdminApi {
  const api: Record<string, Record<string, unknown>> = { events: { subscribe } };
  for (const method of ADMIN_METHODS) {
    const [domain, verb] = method.split('.') as [string, string];
    (api[domain] ??= {})[verb] = (request: unknown) => call(method, request as never);
  }
  return api as unknown as AdminApi;
}
