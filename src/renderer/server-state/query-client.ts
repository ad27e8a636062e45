import { QueryClient } from '@tanstack/react-query';
import type { AdminApi, AdminErrorCode, AdminResult } from '../../shared/admin-api';

/** An admin call's refusal, thrown inside a query so the cache holds it as the query's error. */
export class AdminCallError extends Error {
  constructor(
    readonly code: AdminErrorCode | 'not_connected',
    message: string,
  ) {
    super(message);
    this.name = 'AdminCallError';
  }
}

/** The message a screen shows for a failed query or mutation. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs one admin call; its value, or an `AdminCallError` (so the cache keeps code and message). */
export async function callAdmin<T>(
  api: AdminApi | null | undefined,
  run: (api: AdminApi) => Promise<AdminResult<T>>,
): Promise<T> {
  if (!api) throw new AdminCallError('not_connected', 'Not connected.');
  const result = await run(api);
  if (!result.ok) throw new AdminCallError(result.error.code, result.error.message);
  return result.value;
}

/**
 * The console's server cache. Pushed events say when an answer is out of date (store/apply-events.ts),
 * so answers never go stale by age; failures are shown with a retry button, not retried blindly.
 */
export function createConsoleQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createConsoleQueryClient();
