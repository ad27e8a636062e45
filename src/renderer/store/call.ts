import type { AdminApi, AdminResult } from '../../shared/admin-api';
import type { All } from './types';

/**
 * Runs one API call with the connected transport and turns a failure into a toast, so actions
 * stay short and every error is shown the same way. Resolves to the value, or null on error.
 */
export async function callApi<T>(
  get: () => All,
  run: (api: AdminApi) => Promise<AdminResult<T>>,
  opts: { success?: string | ((value: T) => string); failure?: string; silent?: boolean } = {},
): Promise<T | null> {
  const { api, notify } = get();
  if (!api) return null;
  const result = await run(api);
  if (!result.ok) {
    if (!opts.silent) notify('error', `${opts.failure ? `${opts.failure}: ` : ''}${result.error.message}`);
    return null;
  }
  if (opts.success) notify('success', typeof opts.success === 'function' ? opts.success(result.value) : opts.success);
  return result.value;
}

/** Like callApi, but hands the error message back for screens that show it inline. */
export async function callOrError<T>(
  get: () => All,
  run: (api: AdminApi) => Promise<AdminResult<T>>,
): Promise<{ value: T } | { error: string }> {
  const { api } = get();
  if (!api) return { error: 'Not connected.' };
  const result = await run(api);
  return result.ok ? { value: result.value } : { error: result.error.message };
}
