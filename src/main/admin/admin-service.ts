import {
  ADMIN_ERROR_CODES,
  type AdminErrorCode,
  type AdminMethod,
  type AdminResponses,
  type AdminResult,
} from '../../shared/admin-api';
import { parseAdminRequest, type AdminRequestValue } from '../../shared/admin-schemas';
import { AuthError } from '../auth/errors';
import { HashingBusyError } from '../auth/password-hasher';
import type { Gatehouse } from '../auth/gatehouse';
import { StoreUnavailableError } from '../store/store';
import { auditHandlers } from './handlers/audit';
import { appChecksOf } from '../auth/app-checks/run-checks';
import { checkHandlers } from './handlers/checks';
import { clientHandlers } from './handlers/clients';
import { clockHandlers } from './handlers/clock';
import { demoHandlers } from './handlers/demo';
import { denylistHandlers } from './handlers/denylist';
import { keyHandlers } from './handlers/keys';
import { sessionHandlers } from './handlers/sessions';
import { settingsHandlers } from './handlers/settings';
import { systemHandlers } from './handlers/system';
import { tokenHandlers } from './handlers/tokens';
import type { AdminContext, AdminInstance, AdminServices, AllHandlers, Handler } from './handlers/types';
import { userHandlers } from './handlers/users';
import { createAdminQueries } from './queries';

export type { AdminContext, AdminInstance, AdminServices, DemoLab } from './handlers/types';

/**
 * The main-process side of the admin contract: validates each request against its schema, runs
 * the handler of its domain (handlers/*.ts) with the services and queries it uses, and returns
 * errors as data. Both transports (IPC and web) call `handle`.
 */
export class AdminService {
  private readonly handlers: AllHandlers;

  constructor(ctx: AdminContext) {
    this.handlers = createAdminHandlers(adminServicesOf(ctx.gatehouse), ctx);
  }

  /** Validates and runs one call; never throws. */
  handle<M extends AdminMethod>(method: M, request: unknown): Promise<AdminResult<AdminResponses[M]>> {
    return runAdminCall(method, request, this.handlers[method] as Handler<M>);
  }
}

/** What the handlers get of a Gatehouse: its services by their own names, and the query port over its store. */
export function adminServicesOf(g: Gatehouse): AdminServices {
  return {
    queries: createAdminQueries(g.store, g.clock),
    clock: g.clock,
    audit: g.audit,
    settings: g.settings,
    denylist: g.denylist,
    ring: g.ring,
    sessions: g.sessions,
    users: g.users,
    clients: g.clients,
    tokens: g.tokens,
    anyAudienceVerifier: g.anyAudienceVerifier,
    tick: () => g.tick(),
    checks: appChecksOf(g),
  };
}

/** Every method's handler, each domain's given only the services it names. */
export function createAdminHandlers(services: AdminServices, instance: AdminInstance): AllHandlers {
  return {
    ...systemHandlers(services, instance),
    ...sessionHandlers(services),
    ...tokenHandlers(services),
    ...denylistHandlers(services),
    ...keyHandlers(services),
    ...userHandlers(services),
    ...clientHandlers(services),
    ...auditHandlers(services),
    ...settingsHandlers(services),
    ...clockHandlers(services, instance),
    ...demoHandlers(instance),
    ...checkHandlers(services),
  };
}

/**
 * Validates one request against its method's schema and runs `handler` on it, returning every
 * error as data (the contract's codes); never throws. AdminService's `handle`, and the sandbox's
 * own control methods (src/main/demo/sandbox.ts), which answer without the sandbox running.
 */
export async function runAdminCall<M extends AdminMethod>(
  method: M,
  request: unknown,
  handler: Handler<M>,
): Promise<AdminResult<AdminResponses[M]>> {
  const parsed = parseAdminRequest(method, request);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, value: await handler(parsed.value as AdminRequestValue<M>) };
  } catch (err) {
    // users.create hashes a password: the bounded hasher may refuse it at once
    if (err instanceof HashingBusyError)
      return { ok: false, error: { code: 'busy', message: `${err.message} (in ${err.retryAfter} s)` } };
    if (err instanceof AuthError) {
      const code: AdminErrorCode =
        err.code === 'login_busy' ? 'busy' : isAdminCode(err.code) ? err.code : 'invalid_request';
      return { ok: false, error: { code, message: err.message } };
    }
    if (err instanceof StoreUnavailableError) {
      // the store decides first, so memory was not changed; keep the cause in the log
      console.error(`admin ${method}: storage unavailable: ${err.describe()}`);
      const outcome =
        err.outcome === 'unknown'
          ? 'the change may or may not have been stored: check before retrying'
          : 'nothing was changed; try again';
      return {
        ok: false,
        error: { code: 'storage_unavailable', message: `the store is unavailable (${err.message}); ${outcome}` },
      };
    }
    console.error(`admin ${method} failed:`, err);
    return { ok: false, error: { code: 'internal', message: 'internal error; see the server log' } };
  }
}

/** The domain's codes the admin contract shares; the others (OAuth's, the login's) read as a bad request here. */
const isAdminCode = (code: string): code is AdminErrorCode => (ADMIN_ERROR_CODES as readonly string[]).includes(code);
