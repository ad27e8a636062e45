import type { QueryClient } from '@tanstack/react-query';
import type { CheckRun } from '../../shared/app-checks';
import type { GatehouseEvent } from '../../shared/events';
import { withCaseResult } from '../lib/check-rows';
import type { ConsoleTarget } from '../store/app-slice';
import { queryKeys } from './query-keys';

/**
 * Folds pushed `checks.*` events into the cache: the run appears as it starts, each case's row as
 * its answer comes, the whole run (and the history) at its end.
 */
export function applyCheckEvents(instance: ConsoleTarget, queryClient: QueryClient, events: GatehouseEvent[]): void {
  let finished = false;
  for (const e of events) {
    if (e.type === 'checks.started') {
      queryClient.setQueryData<CheckRun>(queryKeys.checkRun(instance, e.run.id), e.run);
      queryClient.setQueryData<string | null>(queryKeys.checkLatest(instance), e.run.id);
    } else if (e.type === 'checks.case') {
      queryClient.setQueryData<CheckRun>(queryKeys.checkRun(instance, e.runId), (run) =>
        run ? withCaseResult(run, e.result) : run,
      );
    } else if (e.type === 'checks.finished') {
      queryClient.setQueryData<CheckRun>(queryKeys.checkRun(instance, e.run.id), e.run);
      finished = true;
    }
  }
  if (finished) void queryClient.invalidateQueries({ queryKey: queryKeys.checkRuns(instance) });
}
