import { useState } from 'react';
import type { CheckRunRequest } from '../../../shared/app-checks';
import { EmptyState, ErrorState, LoadingState, Panel, ScreenHeader } from '../../components/states';
import { useCheckRun, useCheckRuns, useLatestCheckRunId, useRunChecks } from '../../server-state/app-checks';
import { messageOf } from '../../server-state/query-client';
import { CheckForm } from './check-form';
import { CheckHistory } from './check-history';
import { CheckRunView } from './check-run-view';

/**
 * App checks (issue 20): sends one endpoint of the developer's API the tokens it must refuse and
 * shows, case by case as the answers come, which it refused and which it accepted, with the fix.
 */
export function AppChecksScreen() {
  const runs = useCheckRuns();
  const latestId = useLatestCheckRunId();
  const { attempt, pending } = useRunChecks();
  // a run picked in the history; null follows the run last started (live)
  const [pickedId, setPickedId] = useState<string | null>(null);
  // what each run started here was asked beyond URL and method (a CheckRun keeps neither): its test file repeats it
  const [asked, setAsked] = useState<Record<string, CheckRunRequest>>({});
  const shownId = pickedId ?? latestId ?? runs.data?.[0]?.id ?? null;
  const shown = useCheckRun(shownId);

  const run = async (request: CheckRunRequest) => {
    setPickedId(null);
    const result = await attempt(request);
    if ('error' in result) return result.error;
    setAsked((a) => ({ ...a, [result.value.id]: request }));
    setPickedId(result.value.id);
    return null;
  };

  return (
    <div className="screen">
      <ScreenHeader
        title="App checks"
        subtitle="Does your API refuse what it must? Gatehouse sends one endpoint expired, revoked, forged and wrong-audience tokens and shows which it accepted, and how to fix it. Loopback addresses and origins registered on a client only."
      />
      <div className="checks-grid">
        <div className="checks-side">
          <Panel title="Endpoint" labelledBy="checks-endpoint">
            <CheckForm busy={pending} onRun={run} />
          </Panel>
          <Panel title="History" labelledBy="checks-history">
            {runs.isPending && <LoadingState label="Loading the kept runs…" />}
            {runs.isError && <ErrorState message={messageOf(runs.error)} onRetry={() => void runs.refetch()} />}
            {runs.isSuccess && (
              <CheckHistory
                runs={runs.data}
                target={shown.data?.target ?? null}
                selectedId={shownId}
                onSelect={setPickedId}
              />
            )}
          </Panel>
        </div>
        <div className="checks-main">
          {shownId === null && (
            <EmptyState title="No run yet">
              Enter your API&apos;s endpoint and run the checks: one request per case, each with its own Bearer token.
            </EmptyState>
          )}
          {shownId !== null && shown.isPending && <LoadingState label="Loading the run…" />}
          {shown.isError && <ErrorState message={messageOf(shown.error)} onRetry={() => void shown.refetch()} />}
          {shown.data && <CheckRunView run={shown.data} request={asked[shown.data.id]} />}
        </div>
      </div>
    </div>
  );
}
