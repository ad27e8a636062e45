import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
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
  const { state, error, view, load } = useStore(
    useShallow((s) => ({
      state: s.demo.state,
      error: s.demo.error,
      view: s.demo.view,
      load: s.loadDemo,
    })),
  );
  useEffect(() => {
    void load();
  }, [load]);
  const hasStrategies = !!view?.steps.some((s) => s.kind === 'strategy');

  return (
    <div className="screen screen-demo">
      <ScreenHeader
        title="Demo lab"
        subtitle="Each scenario sends real HTTP requests, as a client app would, to a sandbox: a second Gatehouse with its own data, keys and virtual clock, so every expiry plays out in seconds and nothing live is touched. Open the sandbox to see its sessions, keys and audit on the other screens."
        actions={<RunFiles />}
      />
      {state === 'loading' && <LoadingState label="Loading scenarios…" />}
      {state === 'error' && (
        <ErrorState message={error ?? 'Could not load the scenarios.'} onRetry={() => void load()} />
      )}
      {state === 'ready' && (
        <div className="demo-top">
          <ScenarioCards />
          <SandboxPanel />
        </div>
      )}
      {view && (
        <>
          <VerdictBanner view={view} />
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
