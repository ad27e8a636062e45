import type { LogoutAttemptResult } from '../store/store';

/**
 * What the `attempts`-th attempt of a delivery comes to: delivered (no error), pending until the
 * backoff's next step, or failed once the steps are used up. `now` is the clock's whole second,
 * the one the attempt ended in, so a retry falls due `wait + 1` after it: never sooner than `wait`.
 */
export function attemptResult(
  now: number,
  attempts: number,
  backoff: readonly number[],
  error: string | null,
  latencyMs: number,
): LogoutAttemptResult {
  const ended = { lastAttemptAt: now, lastError: error, latencyMs };
  if (error === null) return { ...ended, status: 'delivered', nextAttemptAt: now, deliveredAt: now };
  const wait = backoff[attempts - 1];
  if (wait === undefined) return { ...ended, status: 'failed', nextAttemptAt: now, deliveredAt: null };
  return { ...ended, status: 'pending', nextAttemptAt: now + wait + 1, deliveredAt: null };
}

/** fetch's TypeError says only "fetch failed"; its cause says why (ECONNREFUSED, a DNS failure…). */
export function describeFetchError(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}
