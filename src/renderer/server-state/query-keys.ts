import type { ConsoleTarget } from '../store/app-slice';

/**
 * Every server answer the console caches is keyed by the instance it came from, then its domain,
 * then what was asked: `['live', 'sessions', 'page', query, 3]`. An answer of the sandbox can
 * therefore never be drawn as the live instance's, and a pushed event invalidates a domain by its
 * prefix.
 */
export const queryKeys = {
  instance: (i: ConsoleTarget) => [i] as const,
  keys: (i: ConsoleTarget) => [i, 'keys'] as const,
  settings: (i: ConsoleTarget) => [i, 'settings'] as const,
  clients: (i: ConsoleTarget) => [i, 'clients'] as const,
  users: (i: ConsoleTarget) => [i, 'users', 'list'] as const,
  userSessionsAll: (i: ConsoleTarget) => [i, 'users', 'sessions'] as const,
  userSessions: (i: ConsoleTarget, userId: string) => [i, 'users', 'sessions', userId] as const,
  denylist: (i: ConsoleTarget) => [i, 'denylist'] as const,
  audit: (i: ConsoleTarget) => [i, 'audit'] as const,
  sessions: (i: ConsoleTarget) => [i, 'sessions'] as const,
  sessionPages: (i: ConsoleTarget) => [i, 'sessions', 'page'] as const,
  sessionDetails: (i: ConsoleTarget) => [i, 'sessions', 'detail'] as const,
  sessionDetail: (i: ConsoleTarget, id: string) => [i, 'sessions', 'detail', id] as const,
  demoScenarios: (i: ConsoleTarget) => [i, 'demo', 'scenarios'] as const,
  checks: (i: ConsoleTarget) => [i, 'checks'] as const,
  checkRuns: (i: ConsoleTarget) => [i, 'checks', 'list'] as const,
  checkRun: (i: ConsoleTarget, runId: string) => [i, 'checks', 'run', runId] as const,
  /** The id of the run last started on the instance (pushed by `checks.started`). */
  checkLatest: (i: ConsoleTarget) => [i, 'checks', 'latest'] as const,
} as const;

/** The session id of a `sessionDetail` key, else null. */
export function sessionDetailId(key: readonly unknown[]): string | null {
  return key[1] === 'sessions' && key[2] === 'detail' && typeof key[3] === 'string' ? key[3] : null;
}
