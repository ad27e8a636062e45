import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { SettingsForm } from './settings-form';
import { VirtualClockPanel } from './virtual-clock-panel';

export function SettingsScreen() {
  const { view, state, error, load, liveClock, sandbox } = useStore(
    useShallow((s) => ({
      liveClock: s.target === 'live' && !!s.info?.virtualClock,
      sandbox: s.target === 'sandbox',
      view: s.settings.view,
      state: s.settings.state,
      error: s.settings.error,
      load: s.loadSettings,
    })),
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="screen">
      <ScreenHeader
        title="Settings"
        subtitle="Lifetimes, timeouts, clock tolerance and algorithm. Unsafe combinations are flagged while you type; errors are refused on save. Users and their token versions are on the Users screen."
      />
      <div className="settings-grid">
        {sandbox && (
          <div className="callout callout-info" role="note" aria-label="Sandbox settings">
            Each demo run copies the live settings into the sandbox first: a change made here lasts until the next run.
          </div>
        )}
        {liveClock && <VirtualClockPanel />}
        {state === 'loading' && <LoadingState label="Loading settings…" />}
        {state === 'error' && (
          <ErrorState message={error ?? 'Could not load the settings.'} onRetry={() => void load()} />
        )}
        {view && state !== 'loading' && <SettingsForm view={view} />}
      </div>
    </div>
  );
}
