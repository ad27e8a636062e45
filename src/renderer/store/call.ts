import type { AdminApi, AdminResult } from '../../shared/admin-api';
import type { ConsoleTarget } from './app-slice';
import type { All } from './types';

/**
 * Runs `run` with the connected API. If the console switches instance (or reconnects) before the
 * answer arrives, the answer belongs to the instance shown before: it resolves to null, as when
 * not connected, and the caller does nothing with it. Screens read server data through queries
 * (server-state/); this is for the few actions that remain in slices (the inspector, the clock).
 */
export async function onConnected<T>(get: () => All, run: (api: AdminApi) => Promise<T>): Promise<T | null> {
  const { api, epoch } = get();
  if (!api) return null;
  const value = await run(api);
  return epoch === get().epoch ? value : null;
}

/**
 * Runs one API call with the connected transport and turns a failure into a toast, so actions
 * stay short and every error is shown the same way. Resolves to the value, or null on error.
 */
export async function callApi<T>(
  get: () => All,
  run: (api: AdminApi) => Promise<AdminResult<T>>,
  opts: { success?: string | ((value: T) => string); failure?: string; silent?: boolean } = {},
): Promise<T | null> {
  const result = await onConnected(get, run);
  if (!result) return null;
  return settle(get, result, opts);
}

/**
 * Like callApi, but on one instance's AdminApi whichever the console shows: the demo lab drives
 * the sandbox (its runs, its clock) from either view. Its answers are about the lab, not about the
 * instance shown, so a switch meanwhile does not drop them.
 */
export async function callOn<T>(
  get: () => All,
  target: ConsoleTarget,
  run: (api: AdminApi) => Promise<AdminResult<T>>,
  opts: { success?: string; failure?: string; silent?: boolean } = {},
): Promise<T | null> {
  const api = get().apis?.[target];
  if (!api) return null;
  return settle(get, await run(api), opts);
}

function settle<T>(
  get: () => All,
  result: AdminResult<T>,
  opts: { success?: string | ((value: T) => string); failure?: string; silent?: boolean },
): T | null {
  const { notify } = get();
  if (!result.ok) {
    if (!opts.silent) notify('error', `${opts.failure ? `${opts.failure}: ` : ''}${result.error.message}`);
    return null;
  }
  if (opts.success) notify('success', typeof opts.success === 'function' ? opts.success(result.value) : opts.success);
  return result.value;
}
