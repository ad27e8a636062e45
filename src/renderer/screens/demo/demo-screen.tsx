import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { ClockPanel } from './clock-panel';
import { LifetimeChart } from './lifetime-chart';
import { NetworkLog } from './network-log';
import { RunFiles } from './run-files';
import { ScenarioCards } from './scenario-cards';
import { SequenceDiagram } from './sequence-diagram';
import { StrategyChart } from './strategy-chart';
import { VerdictBanner } from './verdict-banner';

/** The demo lab: scenarios against this instance's real auth server, on the virtual clock, drawn as they happen. */
export function DemoScreen() {
  const { enabled, state, error, view, load } = useStore(
    useShallow((s) => ({
      enabled: !!s.info?.virtualClock,
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
        subtitle="Each scenario sends real HTTP requests to this instance's auth server, as a client app would, on the virtual clock, so every expiry plays out in seconds. Its sessions show up live on the other screens."
        actions={<RunFiles />}
      />
      {!enabled && (
        <div className="callout callout-warn" role="note">
          <strong>The virtual clock is off, so scenarios cannot run here.</strong> Start the server with{' '}
          <code>npm run serve -- --virtual-clock</code> (desktop app: <code>GATEHOUSE_VIRTUAL_CLOCK=1 npm start</code>).
          Saved runs can still be loaded and replayed.
        </div>
      )}
      {state === 'loading' && <LoadingState label="Loading scenarios…" />}
      {state === 'error' && (
        <ErrorState message={error ?? 'Could not load the scenarios.'} onRetry={() => void load()} />
      )}
      {state === 'ready' && (
        <div className="demo-top">
          <ScenarioCards enabled={enabled} />
          <ClockPanel enabled={enabled} />
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
