import { HashingBusyError } from '../../../src/main/auth/password-hasher';
import { AuthError } from '../../../src/main/auth/errors';
import { ConfigError } from '../../../src/main/runtime/config-file';
import { ADMIN_ERROR_CODES, type AdminErrorCode } from '../../../src/shared/admin-api';

/** The harness's own methods (`gh.admin` answers `AdminResult` values instead, as the console's AdminApi). */
export type HarnessMethod =
  'startGatehouse' | 'login' | 'issueToken' | 'clock.advance' | 'clock.now' | 'reset' | 'stop';

/**
 * What the harness's methods throw: the method and the admin error code (the AdminApi's closed set),
 * so a test can assert `{ method: 'login', code: 'not_found' }` rather than parse a message.
 */
export class GatehouseTestError extends Error {
  override readonly name = 'GatehouseTestError';
  constructor(
    readonly method: HarnessMethod,
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(`gh.${method}: ${message} (${code})`);
  }
}

const isAdminCode = (code: string): code is AdminErrorCode => (ADMIN_ERROR_CODES as readonly string[]).includes(code);

/** A domain error as the admin API would code it (`runAdminCall`'s rule); anything else is rethrown. */
export function asTestError(method: HarnessMethod, err: unknown): unknown {
  if (err instanceof GatehouseTestError) return err;
  if (err instanceof ConfigError) return new GatehouseTestError(method, 'invalid_request', err.message);
  if (err instanceof HashingBusyError) return new GatehouseTestError(method, 'busy', err.message);
  if (err instanceof AuthError)
    return new GatehouseTestError(
      method,
      err.code === 'login_busy' ? 'busy' : isAdminCode(err.code) ? err.code : 'invalid_request',
      err.message,
    );
  return err;
}

/** Runs one harness method, its domain errors thrown as GatehouseTestError. */
export async function harnessCall<T>(method: HarnessMethod, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw asTestError(method, err);
  }
}
