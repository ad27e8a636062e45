import { StoreUnavailableError } from '../store';

/** Replies by which Redis refuses a command because of its own state, not the command's. */
const REFUSED = /^(OOM|READONLY|LOADING|MISCONF|MASTERDOWN|BUSY|NOREPLICAS|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * Which ioredis failures mean "Redis is out of reach", and whether the command may have run.
 * Refused before it was sent (no connection, offline queue off) or refused by Redis: not applied.
 * Lost with the connection or timed out after it was sent: the outcome is unknown.
 */
export function redisUnavailable(err: unknown): StoreUnavailableError | null {
  if (!(err instanceof Error)) return null;
  const message = err.message;
  if (err.name === 'ReplyError') {
    return REFUSED.test(message)
      ? new StoreUnavailableError(`Redis refused the command: ${message}`, 'not_applied', { cause: err })
      : null;
  }
  if (
    /enableOfflineQueue|Stream isn't writeable|MaxRetriesPerRequest/i.test(message) ||
    err.name === 'MaxRetriesPerRequestError'
  )
    return new StoreUnavailableError(`Redis is not connected: ${message}`, 'not_applied', { cause: err });
  if (/Connection is closed|Command timed out|ECONNRESET|EPIPE|ETIMEDOUT|ECONNREFUSED|socket/i.test(message))
    return new StoreUnavailableError(`Redis connection lost: ${message}`, 'unknown', { cause: err });
  return null;
}
