/**
 * The one admin contract (DESIGN.md "Admin API"). The preload (IPC), the web transport (HTTP + SSE),
 * the main-process handlers and the renderer are all typed from this file; request payloads are
 * validated against these schemas at every boundary.
 */
import { z } from 'zod';
import type {
  ClockView, DenylistEntryView, JwksView, KeyImpact, KeyView, MintedTokenView, Page, SessionDetail, SessionView,
  SettingsView, SystemInfoView, TokenVerifyView, UserView,
} from './admin-views';
import { DEMO_PACES, DEMO_SCENARIO_IDS, type DemoRun, type DemoScenarioView } from './demo';
import type { AuditEntry, GatehouseEvent } from './events';
import type { TokenInspection } from './jwt-inspect';
import type { Result } from './result';
import { authSettingsSchema, KEY_ALGS } from './settings';

/** Closed set of admin error codes. */
export const ADMIN_ERROR_CODES = [
  'invalid_request', 'not_found', 'conflict', 'invalid_state', 'key_import_failed', 'settings_invalid',
  'clock_disabled', 'unauthorized', 'unknown_method', 'internal', 'busy',
] as const;
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];
export type AdminResult<T> = Result<T, AdminErrorCode>;

const id = z.string().min(1).max(128);
const text = (max: number) => z.string().max(max);
const token = z.string().min(1).max(16_384);
const empty = z.object({}).strict().optional();
const reason = text(200).optional();

/** Request schemas, one per method. Strict: unknown fields are refused, not ignored, across IPC. */
export const adminRequestSchemas = {
  'system.info': empty,
  'sessions.list': z.object({
    userId: id.optional(),
    status: z.enum(['active', 'revoked', 'expired']).optional(),
    text: text(200).optional(),
    sort: z.enum(['createdAt', 'lastSeenAt', 'idleExpiresAt', 'absoluteExpiresAt', 'username']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }).strict(),
  'sessions.get': z.object({ sessionId: id }).strict(),
  'sessions.revoke': z.object({ sessionId: id, reason }).strict(),
  'sessions.revokeUser': z.object({ userId: id, reason }).strict(),
  'tokens.decode': z.object({ token }).strict(),
  'tokens.verify': z.object({
    token,
    key: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('ring') }).strict(),
      z.object({ kind: z.literal('jwk'), jwk: text(65_536) }).strict(),
      z.object({ kind: z.literal('jwks'), jwks: text(262_144) }).strict(),
      z.object({ kind: z.literal('pem'), pem: text(65_536) }).strict(),
      z.object({ kind: z.literal('secret'), secret: text(4096) }).strict(),
    ]).optional(),
  }).strict(),
  'tokens.mint': z.object({ userId: id }).strict(),
  'denylist.list': empty,
  'denylist.add': z.object({ token, reason }).strict(),
  'denylist.remove': z.object({ kind: z.enum(['jti', 'sid', 'user']), subject: id }).strict(),
  'keys.list': empty,
  'keys.generate': z.object({ alg: z.enum(KEY_ALGS) }).strict(),
  'keys.import': z.object({ alg: z.enum(KEY_ALGS), material: text(65_536).min(1) }).strict(),
  'keys.rotate': empty,
  'keys.retire': z.object({ kid: id }).strict(),
  'keys.revoke': z.object({ kid: id, reason }).strict(),
  'keys.impact': z.object({ kid: id }).strict(),
  'keys.schedule': z.object({ at: z.number().int().min(0).nullable() }).strict(),
  'keys.jwks': empty,
  'users.list': empty,
  'users.create': z.object({ username: text(64).min(1), password: text(1024).min(8), roles: z.array(text(32).min(1)).max(16).optional() }).strict(),
  'users.bumpVersion': z.object({ userId: id, reason }).strict(),
  'audit.list': z.object({
    beforeId: z.number().int().min(0).optional(),
    type: text(64).optional(),
    text: text(200).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }).strict(),
  'settings.get': empty,
  'settings.update': authSettingsSchema.omit({ issuer: true }).partial().strict(),
  'clock.get': empty,
  'clock.set': z.object({ rate: z.number().min(0.1).max(600).optional(), paused: z.boolean().optional() }).strict(),
  'clock.advance': z.object({ seconds: z.number().int().min(1).max(30 * 86_400) }).strict(),
  'demo.scenarios': empty,
  'demo.run': z.object({ scenario: z.enum(DEMO_SCENARIO_IDS), pace: z.enum(DEMO_PACES).optional() }).strict(),
} as const;

export type AdminMethod = keyof typeof adminRequestSchemas;
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
  'denylist.list': DenylistEntryView[];
  'denylist.add': DenylistEntryView;
  'denylist.remove': { removed: boolean };
  'keys.list': KeyView[];
  'keys.generate': KeyView;
  'keys.import': KeyView;
  'keys.rotate': KeyView;
  'keys.retire': KeyView;
  'keys.revoke': KeyView;
  'keys.impact': KeyImpact;
  'keys.schedule': KeyView;
  'keys.jwks': JwksView;
  'users.list': UserView[];
  'users.create': UserView;
  'users.bumpVersion': UserView;
  'audit.list': AuditEntry[];
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'clock.get': ClockView;
  'clock.set': ClockView;
  'clock.advance': ClockView;
  /** The demo lab's scenarios (listed even while the virtual clock is off). */
  'demo.scenarios': DemoScenarioView[];
  /** Runs one scenario to completion against the real auth server; `clock_disabled` without the virtual clock, `conflict` while another run is going. */
  'demo.run': DemoRun;
}

export const ADMIN_METHODS = Object.keys(adminRequestSchemas) as AdminMethod[];
export const isAdminMethod = (name: string): name is AdminMethod => Object.hasOwn(adminRequestSchemas, name);

/** The transport-level call every binding is built on: IPC invoke or HTTP POST. */
export type AdminCall = <M extends AdminMethod>(method: M, request: AdminRequest<M>) => Promise<AdminResult<AdminResponses[M]>>;

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

/** Validates a request that crossed a process boundary; the error message names the bad field. */
export function parseAdminRequest<M extends AdminMethod>(method: M, request: unknown): AdminResult<z.output<(typeof adminRequestSchemas)[M]>> {
  const parsed = adminRequestSchemas[method].safeParse(request ?? undefined);
  if (parsed.success) return { ok: true, value: parsed.data as z.output<(typeof adminRequestSchemas)[M]> };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: { code: 'invalid_request', message: `${method}: ${where}${issue?.message ?? 'invalid request'}` } };
}
