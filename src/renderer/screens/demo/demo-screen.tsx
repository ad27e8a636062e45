import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { useScenarios } from '../../server-state/demo';
import { messageOf } from '../../server-state/query-client';
import { LifetimeChart } from './lifetime-chart';
import { NetworkLog } from './network-log';
import { RunFiles } from './run-files';
import { SandboxPanel } from './sandbox-panel';
import { ScenarioCards } from './scenario-cards';
import { SequenceDiagram } from './sequence-diagram';
import { StrategyChart } from './strategy-chart';
import { VerdictBanner } from './verdict-banner';

/**
 * The demo lab: scenarios against the sandbox's real auth server, on its virtual clock, drawn as
 * they happen. Always available: the runs never touch the live instance.
 */
export function DemoScreen() {
  const { view, loadSandbox } = useStore(useShallow((s) => ({ view: s.demo.view, loadSandbox: s.loadSandbox })));
  const scenarios = useScenarios();
  // the sandbox may have started or been reset while another screen was shown
  useEffect(() => {
    void loadSandbox();
  }, [loadSandbox]);
  const hasStrategies = !!view?.steps.some((s) => s.kind === 'strategy');
  // a run starts from the cards at the top and its verdict, diagram and log appear under them, below
  // the fold of a 768 px window: bring the verdict to the top when a run starts and when it ends
  // (not for the run already shown when the screen opens)
  const verdict = useRef<HTMLDivElement>(null);
  const run = view ? `${view.source}:${view.runId ?? view.title}:${view.verdict ? 'done' : 'running'}` : null;
  const shownRun = useRef(run);
  useEffect(() => {
    if (run === shownRun.current) return;
    shownRun.current = run;
    if (run) verdict.current?.scrollIntoView({ block: 'start' });
  }, [run]);

  return (
    <div className="screen screen-demo">
      <ScreenHeader
        title="Demo lab"
        subtitle="Each scenario sends real HTTP requests, as a client app would, to a sandbox: a second Gatehouse with its own data, keys and virtual clock, so every expiry plays out in seconds and nothing live is touched. Open the sandbox to see its sessions, keys and audit on the other screens."
        actions={<RunFiles />}
      />
      {scenarios.isPending && <LoadingState label="Loading scenarios…" />}
      {scenarios.isError && (
        <ErrorState message={messageOf(scenarios.error)} onRetry={() => void scenarios.refetch()} />
      )}
      {scenarios.isSuccess && (
        <div className="demo-top">
          <ScenarioCards />
          <SandboxPanel />
        </div>
      )}
      {view && (
        <>
          <div ref={verdict} className="demo-verdict">
            <VerdictBanner view={view} />
          </div>
          {hasStrategies && <StrategyChart steps={view.steps} />}
          <div className="demo-charts">
            <SequenceDiagram steps={view.steps} />
            <LifetimeChart steps={view.steps} />
          </div>
          <NetworkLog steps={view.steps} />
        </>
      )}
    </div>
  );
}
