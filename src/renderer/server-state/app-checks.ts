import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CheckRunRequest } from '../../shared/app-checks';
import type { ConsoleTarget } from '../store/app-slice';
import { onInstance, useAdminMutation, useInstance } from './admin-query';
import { queryKeys } from './query-keys';

/** The kept runs (per target, newest first); reloaded when a run finishes. */
export const checkRunsQuery = (instance: ConsoleTarget) =>
  queryOptions({
    queryKey: queryKeys.checkRuns(instance),
    queryFn: onInstance(instance, (api) => api.checks.list({})),
  });

/** One run: fetched once, then kept current by the `checks.*` events (never refetched mid-run). */
export const checkRunQuery = (instance: ConsoleTarget, runId: string) =>
  queryOptions({
    queryKey: queryKeys.checkRun(instance, runId),
    queryFn: onInstance(instance, (api) => api.checks.get({ runId })),
  });

export const useCheckRuns = () => useQuery(checkRunsQuery(useInstance()));

export function useCheckRun(runId: string | null) {
  const instance = useInstance();
  return useQuery({ ...checkRunQuery(instance, runId ?? ''), enabled: runId !== null });
}

/** The id of the run last started on the shown instance, as `checks.started` pushed it; null before any. */
export function useLatestCheckRunId(): string | null {
  const instance = useInstance();
  const latest = useQuery<string | null>({
    queryKey: queryKeys.checkLatest(instance),
    // only ever set by events: a "fetch" keeps what is there
    queryFn: ({ client, queryKey }) => client.getQueryData<string | null>(queryKey) ?? null,
    initialData: null,
  });
  return latest.data;
}

/** Runs the checks; a refusal (target not allowed, a run already going, validation) comes back as its message. */
export function useRunChecks() {
  const run = useAdminMutation({
    domain: 'checks',
    run: (api, request: CheckRunRequest) => api.checks.api(request),
    invalidates: (i: ConsoleTarget) => [queryKeys.checkRuns(i)],
  });
  return { attempt: run.attempt, pending: run.pending };
}
